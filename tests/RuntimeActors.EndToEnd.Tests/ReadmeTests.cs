namespace RuntimeActors.EndToEnd.Tests;

public sealed class ReadmeTests
{
    public static TheoryData<string, string> Snippets()
    {
        var data = new TheoryData<string, string>();
        var root = FindRepositoryRoot();
        // Every source file of the tests that marks a snippet; build output holds none.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            foreach (var line in text.Split('\n').Where(l => l.StartsWith("// begin-snippet: ", StringComparison.Ordinal)))
            {
                data.Add(Path.GetRelativePath(root, file), line["// begin-snippet: ".Length..]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_README_quotes_each_compiled_example_verbatim(string file, string name)
    {
        var root = FindRepositoryRoot();
        var snippet = Snippet(File.ReadAllText(Path.Combine(root, file)), name);
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + snippet + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_readme_example_is_found() =>
        Assert.Equal(["actor-face", "akka-app", "cluster-bridge", "curve-server", "hosting-sockets", "opentelemetry-metrics", "pgm-quickstart", "protocol-test", "receive-into", "sockets-quickstart", "vsock-options", "vsock-quickstart"], Snippets().Select(row => (string)row[1]).Order(StringComparer.Ordinal));

    private static string Snippet(string source, string name)
    {
        var text = source.ReplaceLineEndings("\n");
        var begin = text.IndexOf($"// begin-snippet: {name}\n", StringComparison.Ordinal);
        var end = text.IndexOf("// end-snippet", begin, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"snippet {name} not found");
        var start = text.IndexOf('\n', begin) + 1;
        return text[start..end];
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RuntimeActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RuntimeActors.sln not found above " + AppContext.BaseDirectory);
    }
}

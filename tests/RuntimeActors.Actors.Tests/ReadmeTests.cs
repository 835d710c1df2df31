namespace RuntimeActors.Actors.Tests;

public sealed class ReadmeTests
{
    [Fact]
    public void The_README_quotes_the_compiled_quickstart_verbatim()
    {
        var root = FindRepositoryRoot();
        var snippet = Snippet(File.ReadAllText(Path.Combine(root, "tests", "RuntimeActors.Actors.Tests", "ReadmeExamples.cs")), "kernel-quickstart");
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + snippet + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quickstart_runs_and_answers()
    {
        Assert.Equal("Hello, README (#2)", await QuickStart.RunAsync());
    }

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

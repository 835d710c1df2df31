namespace RuntimeActors.Transports.Vsock.Tests;

public sealed class ReadmeTests
{
    [Theory]
    [InlineData("vsock-quickstart")]
    [InlineData("vsock-options")]
    public void The_README_quotes_each_vsock_example_verbatim(string name)
    {
        var root = RepositoryRoot();
        var source = File.ReadAllText(Path.Combine(root, "tests", "RuntimeActors.Transports.Vsock.Tests", "VsockReadmeExample.cs")).ReplaceLineEndings("\n");
        var begin = source.IndexOf($"// begin-snippet: {name}\n", StringComparison.Ordinal);
        var end = source.IndexOf("// end-snippet", Math.Max(begin, 0), StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "the snippet markers are missing");
        var snippet = source[(source.IndexOf('\n', begin) + 1)..end];
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + snippet + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tuned_runtime_of_the_README_is_valid()
    {
        await using var runtime = VsockTuning.Create();

        Assert.Contains("vsock", runtime.Transports);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RuntimeActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root was not found above " + AppContext.BaseDirectory);
    }
}

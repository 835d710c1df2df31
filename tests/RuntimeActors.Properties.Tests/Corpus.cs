namespace RuntimeActors.Properties.Tests;

/// <summary>The seed corpus recorded from libzmq peers (src/Tools/RuntimeActors.Fuzz/corpus), as copied next to the tests.</summary>
internal static class Corpus
{
    /// <summary>The seeds of <paramref name="target"/>; never empty.</summary>
    public static byte[][] Seeds(string target)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "corpus", target);
        var seeds = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        Assert.NotEmpty(seeds);
        return seeds;
    }
}

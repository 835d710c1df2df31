namespace RuntimeActors.Wire.Benchmarks;

/// <summary>Tells run.sh the real endpoint of a bind (a wildcard tcp port becomes a number).</summary>
internal static class ReadyFile
{
    public static void Write(string path, string endpoint)
    {
        // Written then renamed, so that run.sh, which polls for the file, never reads half of it.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, endpoint + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}

using SharpFuzz;

namespace RuntimeActors.Fuzz;

/// <summary>
/// <c>RuntimeActors.Fuzz --list</c> names the targets; <c>RuntimeActors.Fuzz TARGET</c> runs one under afl-fuzz
/// (SharpFuzz's out-of-process loop, the runtime's assemblies instrumented by scripts/fuzz.sh);
/// <c>RuntimeActors.Fuzz TARGET FILE...</c> runs the target once on each file, to replay a finding (with an
/// uninstrumented build: instrumented code needs afl-fuzz's coverage map).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["--list"])
        {
            foreach (var name in FuzzTargets.All.Keys)
            {
                Console.WriteLine(name);
            }

            return 0;
        }

        if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: RuntimeActors.Fuzz --list | TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
            return 2;
        }

        if (args.Length > 1)
        {
            foreach (var file in args[1..])
            {
                target(File.ReadAllBytes(file));
                Console.WriteLine($"{args[0]} {file}: ok");
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            target(memory.GetBuffer().AsSpan(0, (int)memory.Length));
        });
        return 0;
    }
}

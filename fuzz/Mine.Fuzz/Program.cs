using Mine.Fuzz;
using Mine.Fuzz.Seeds;
using Mine.Fuzz.Support;

// Mine.Fuzz TARGET                  run under afl-fuzz (fuzz/run.sh): inputs on stdin, SharpFuzz's out-of-process loop
// Mine.Fuzz run TARGET FILE...      run inputs once each, in this process, and report what each did (reproducing)
// Mine.Fuzz triage TARGET FILE...   group failing inputs by exception and place (fuzz/run.sh's report)
// Mine.Fuzz list                    the targets
// Mine.Fuzz make-seeds CORPUS_DIR   (re)write the storage seeds, made by the real engine, into the corpus
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Mine.Fuzz TARGET | run TARGET FILE... | list | make-seeds CORPUS_DIR (docs/testing.md)");
    return 2;
}

switch (args[0])
{
    case "list":
        foreach (var name in FuzzTargets.Names)
        {
            Console.WriteLine($"{name,-10} {FuzzTargets.Get(name).Description}");
        }

        return 0;

    case "run" when args.Length >= 3:
        var failures = 0;
        var target = FuzzTargets.Get(args[1]);
        foreach (var file in args.Skip(2))
        {
            var input = File.ReadAllBytes(file);
            try
            {
                target.Run(input);
                Console.WriteLine($"ok    {file}");
            }
            catch (Exception error)
            {
                failures++;
                Console.WriteLine($"FAIL  {file}\n      input (hex): {Hex.Describe(input)}\n      {error}");
            }
        }

        return failures == 0 ? 0 : 1;

    case "triage" when args.Length >= 3:
        Triage.Run(FuzzTargets.Get(args[1]), args.Skip(2));
        return 0;

    case "make-seeds" when args.Length == 2:
        SeedMaker.Write(args[1]);
        return 0;

    default:
        if (!FuzzTargets.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"Unknown fuzz target '{args[0]}'; known targets: {string.Join(", ", FuzzTargets.Names)}.");
            return 2;
        }

        // The target is made inside the fuzzed child, on its first input: SharpFuzz's fork server process has no
        // coverage map, and instrumented code (any constructor of Mine's) would write through a null pointer there.
        FuzzTarget? fuzzed = null;
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            fuzzed ??= FuzzTargets.Get(args[0]);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            fuzzed.Run(memory.GetBuffer().AsSpan(0, (int)memory.Length));
        });
        return 0;
}

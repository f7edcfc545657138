using System.Diagnostics;
using Mine.Storage.CrashHarness;
using Mine.Storage.Engine;

// crash-harness run DIR FIRST_BATCH SEED [CRASH_POINT[:N]]
// Writes batches FIRST_BATCH, FIRST_BATCH+1, … forever (until killed, or until it kills itself at the N-th hit of
// CRASH_POINT), printing "ack B" once batch B is acknowledged by storage. Everything else goes to stderr.
// crash-harness verify DIR LAST_ACKED: checks a folder by hand (what the tests do after each kill).
if (args.Length == 3 && args[0] == "verify")
{
    var log = new List<string>();
    var problems = CrashVerifier.Verify(args[1], new CrashWorkload(), long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), log);
    log.ForEach(Console.Error.WriteLine);
    problems.ForEach(Console.Out.WriteLine);
    return problems.Count == 0 ? 0 : 1;
}

if (args.Length == 5 && args[0] == "dump")
{
    // crash-harness dump DIR SERIES_ID FROM UNTIL: every block of one series in every part, with its values in [FROM, UNTIL)
    var (seriesId, from, until) = (int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), long.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
    foreach (var path in Directory.EnumerateFiles(Path.Combine(args[1], "parts"), "*.part", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
    {
        var part = Mine.Storage.Parts.PartReader.Open(path);
        for (var archive = 0; archive < 2; archive++)
        {
            if (!part.TryFind(seriesId, archive, out var entry, out var index))
            {
                continue;
            }

            var values = new double[entry.SlotCount];
            part.Decode(entry, index, values);
            var shown = Enumerable.Range(0, values.Length)
                .Select(i => (Time: entry.FirstSlotTime + ((long)i * part.Header.Step), Value: values[i]))
                .Where(p => p.Time >= from && p.Time < until && !double.IsNaN(p.Value))
                .Select(p => $"{p.Time}={p.Value}");
            Console.Out.WriteLine($"{Path.GetRelativePath(args[1], path)} archive {archive} slots {entry.FirstSlotTime}+{entry.SlotCount}x{part.Header.Step}: {string.Join(' ', shown)}");
        }
    }

    return 0;
}

if (args.Length < 4 || args[0] != "run")
{
    Console.Error.WriteLine("usage: crash-harness run DIR FIRST_BATCH SEED [CRASH_POINT[:N]] | verify DIR LAST_ACKED");
    return 2;
}

var directory = args[1];
var batch = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var seed = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
Action<string>? faultInjection = null;
if (args.Length > 4)
{
    var parts = args[4].Split(':');
    var point = parts[0];
    var remaining = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
    faultInjection = hit =>
    {
        if (hit == point && Interlocked.Decrement(ref remaining) == 0)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"crash-harness: killing myself at {hit}");
            Process.GetCurrentProcess().Kill(); // SIGKILL: nothing after this runs
        }
    };
}

var workload = new CrashWorkload();
var clock = new SteppingClock(CrashWorkload.Time(batch));
using var engine = StorageEngine.Open(workload.Options(directory, clock, faultInjection, message => Console.Error.WriteLine(message)));
Console.Out.WriteLine("open");
while (true)
{
    clock.Now = CrashWorkload.Time(batch);
    engine.Write(workload.Batch(batch));
    Console.Out.WriteLine($"ack {batch}");
    switch (CrashWorkload.After(batch, seed))
    {
        case MaintenanceStep.Flush:
            engine.FlushNow();
            break;
        case MaintenanceStep.Compact:
            engine.CompactNow();
            break;
    }

    batch++;
}

/// <summary>The workload's clock: the time of the batch being written, read by the engine's flush thread too.</summary>
internal sealed class SteppingClock(long unixSeconds) : TimeProvider
{
    private long _now = unixSeconds;

    public long Now
    {
        get => Volatile.Read(ref _now);
        set => Volatile.Write(ref _now, value);
    }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Now);
}

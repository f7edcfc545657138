using Mine.Storage.CrashHarness;
using Mine.Storage.Engine;
using Xunit.Abstractions;

namespace Mine.Storage.Tests.Crash;

/// <summary>
/// The durability contract under kill -9, proven on a real process: the harness (storage engine alone, a small head
/// so it rotates and flushes every few batches, merges, retention with rollups) kills itself at every named step of
/// flush, merge, retention and WAL rotation (<see cref="FaultPoints"/>), and is killed at random moments over many
/// runs, each run continuing the folder the last one left. After every kill, every acknowledged point must come
/// back, and nothing else may appear but what the batch in flight wrote.
/// </summary>
public sealed class CrashPointTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-crash-" + Guid.NewGuid().ToString("N"));
    private readonly CrashWorkload _workload = new();

    public static TheoryData<string, int> Steps()
    {
        var data = new TheoryData<string, int>();
        foreach (var point in FaultPoints.All)
        {
            data.Add(point, 1);
            if (point != FaultPoints.WriteCatalogFlushed)
            {
                data.Add(point, 4); // a later occurrence, on a folder with history (merged parts, rollups)
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_kill_at_each_step_loses_no_acknowledged_point(string point, int occurrence)
    {
        using (var harness = CrashHarnessProcess.Start(_directory, 0, seed: 0, $"{point}:{occurrence}"))
        {
            Assert.True(harness.WaitForExit(TimeSpan.FromSeconds(90)), $"the harness never reached {point} #{occurrence}:\n{harness.Errors}");
            Assert.Contains($"killing myself at {point}", harness.Errors, StringComparison.Ordinal);
            AssertIntact(harness.LastAck, harness.Errors);

            // The folder a crash left must also take new writes and survive the next crash.
            using var next = CrashHarnessProcess.Start(_directory, harness.LastAck + 1, seed: 0);
            var target = harness.LastAck + 40;
            WaitUntil(() => next.LastAck >= target || !next.Opened && next.Errors.Contains("Unhandled", StringComparison.Ordinal), next);
            next.Kill();
            AssertIntact(next.LastAck, next.Errors);
        }
    }

    [Fact]
    public void Random_kills_over_many_runs_lose_no_acknowledged_point()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("MINE_CRASH_RUNS"), out var configured) ? configured : 200;
        var seed = Environment.GetEnvironmentVariable("MINE_CRASH_SEED") is { } seedText ? int.Parse(seedText, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount;
        var random = new Random(seed);
        long lastAck = -1;
        var duringStart = 0;
        var history = new System.Text.StringBuilder();
        for (var run = 0; run < runs; run++)
        {
            using var harness = CrashHarnessProcess.Start(_directory, lastAck + 1, seed: run % 50);
            string when;
            if (random.Next(8) == 0)
            {
                // During start-up: the process may be replaying the WAL the last kill left.
                var delay = random.Next(30, 400);
                Thread.Sleep(delay);
                duringStart += harness.Opened ? 0 : 1;
                when = $"{delay} ms after start";
            }
            else
            {
                // Mid-write: a random moment after storage opened (start-up time varies with the machine's load).
                WaitUntil(() => harness.Opened || harness.Errors.Contains("Unhandled", StringComparison.Ordinal), harness);
                var delay = random.Next(0, 300);
                Thread.Sleep(delay);
                when = $"{delay} ms after open";
            }

            harness.Kill();
            lastAck = Math.Max(lastAck, harness.LastAck);
            history.Append("=== run ").Append(run).Append(", killed ").Append(when).Append(", last ack ").Append(lastAck).Append('\n').Append(harness.Errors);
            AssertIntact(lastAck, harness.Errors, $"MINE_CRASH_SEED={seed}: run {run}, killed {when}", history);
        }

        output.WriteLine($"{duringStart} of the kills landed before storage had opened");
        output.WriteLine($"{runs} runs, {lastAck + 1} batches acknowledged in all");
        Assert.True(lastAck > runs, "the runs should have acknowledged batches; the harness may not be starting");
    }

    private void AssertIntact(long lastAck, string harnessLog, string? context = null, System.Text.StringBuilder? history = null)
    {
        var log = new List<string>();
        var problems = CrashVerifier.Verify(_directory, _workload, lastAck, log);
        if (problems.Count > 0 && Environment.GetEnvironmentVariable("MINE_CRASH_KEEP") is { } keep)
        {
            CopyDirectory(_directory, keep); // the folder as the verifier found it, for whoever investigates
            File.WriteAllText(Path.Combine(keep, "harness.log"), history?.ToString() ?? harnessLog);
        }

        Assert.True(problems.Count == 0,
            $"{context} after the kill (last acknowledged batch {lastAck}):\n{string.Join('\n', problems)}\n--- recovery log ---\n{string.Join('\n', log)}\n--- harness log (tail) ---\n{Tail(harnessLog)}");
    }

    private static void WaitUntil(Func<bool> condition, CrashHarnessProcess harness)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"the harness made no progress:\n{Tail(harness.Errors)}");
            Thread.Sleep(10);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

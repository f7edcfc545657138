using Mine.Storage.Engine;

namespace Mine.Storage.CrashHarness;

/// <summary>
/// Opens a data folder a killed harness left behind and checks it against the workload: every acknowledged point is
/// there (in the fine archive while it is young, rolled up into the coarse one once it is old), and every value
/// present is one the workload wrote.
/// </summary>
public static class CrashVerifier
{
    /// <summary>Problems found (empty when the folder is right), at most <paramref name="maxProblems"/>.</summary>
    public static List<string> Verify(string directory, CrashWorkload workload, long lastAcked, List<string> log, int maxProblems = 20)
    {
        var problems = new List<string>();
        var inFlight = lastAcked + 1;
        var now = CrashWorkload.Time(inFlight);
        var clock = new FixedClock(now);
        using var engine = StorageEngine.Open(workload.Options(directory, clock, faultInjection: null, log.Add));
        // whisper reads from the slot after `from`, so each range starts one step before its first slot.
        var fineFrom = now - CrashWorkload.FineRetentionSeconds + CrashWorkload.StepSeconds;
        for (var s = 0; s < workload.Series && problems.Count < maxProblems; s++)
        {
            var name = CrashWorkload.Name(s);
            var fine = engine.Fetch(name, fineFrom, now, now);
            if (lastAcked >= 0 && fine is null)
            {
                problems.Add($"{name}: unknown after restart (last acknowledged batch {lastAcked})");
                continue;
            }

            if (fine is not null)
            {
                CheckFine(fine, s, lastAcked, inFlight, problems, maxProblems);
            }

            var coarseUntil = fineFrom - CrashWorkload.CoarseStepSeconds;
            if (coarseUntil > CrashWorkload.T0 && engine.Fetch(name, CrashWorkload.T0 - CrashWorkload.CoarseStepSeconds, coarseUntil, now) is { } coarse)
            {
                CheckCoarse(coarse, s, lastAcked, inFlight, problems, maxProblems);
            }
        }

        var lateUntil = now - CrashWorkload.LateAgeSeconds;
        for (var s = 0; s < workload.LateSeries && problems.Count < maxProblems; s++)
        {
            var name = CrashWorkload.LateName(s);
            if (engine.Fetch(name, CrashWorkload.T0 - CrashWorkload.LateAgeSeconds - CrashWorkload.CoarseStepSeconds, lateUntil, now) is not { } late)
            {
                if (lastAcked >= 0)
                {
                    problems.Add($"{name}: unknown after restart (last acknowledged batch {lastAcked})");
                }

                continue;
            }

            for (var i = 0; i < late.Values.Length && problems.Count < maxProblems; i++)
            {
                var minute = late.Start + (i * late.Step);
                var expected = CrashWorkload.ExpectedLate(minute, s, lastAcked, out var maybe);
                var actual = late.Values[i];
                var ok = double.IsNaN(actual) ? expected is null : actual == expected || actual == maybe;
                if (!ok)
                {
                    problems.Add($"{name} @ {minute}: found {Describe(actual)}, expected {Describe(expected)}{(maybe is { } m ? $" or {m}" : "")}; last acknowledged batch {lastAcked}");
                }
            }
        }

        return problems;
    }

    private static void CheckFine(Mine.Core.Series.FetchedSeries fine, int series, long lastAcked, long inFlight, List<string> problems, int max)
    {
        if (fine.Step != CrashWorkload.StepSeconds)
        {
            problems.Add($"{fine.Name}: fine read has step {fine.Step}");
            return;
        }

        for (var i = 0; i < fine.Values.Length && problems.Count < max; i++)
        {
            var time = fine.Start + (i * fine.Step);
            if ((time - CrashWorkload.T0) % CrashWorkload.StepSeconds != 0 || time < CrashWorkload.T0)
            {
                continue;
            }

            var batch = (time - CrashWorkload.T0) / CrashWorkload.StepSeconds;
            var expected = CrashWorkload.Expected(batch, series, lastAcked);
            var maybe = CrashWorkload.InFlight(batch, series, inFlight);
            var actual = fine.Values[i];
            var ok = double.IsNaN(actual)
                ? expected is null
                : actual == expected || actual == maybe;
            if (!ok)
            {
                problems.Add($"{fine.Name} @ batch {batch} (t={time}): found {Describe(actual)}, expected {Describe(expected)}{(maybe is { } m ? $" or {m}" : "")}; last acknowledged batch {lastAcked}");
            }
        }
    }

    /// <summary>A coarse slot is the max of the fine slots of its minute (aggregation max, xFilesFactor 0).</summary>
    private static void CheckCoarse(Mine.Core.Series.FetchedSeries coarse, int series, long lastAcked, long inFlight, List<string> problems, int max)
    {
        var perCoarse = CrashWorkload.CoarseStepSeconds / CrashWorkload.StepSeconds;
        for (var i = 0; i < coarse.Values.Length && problems.Count < max; i++)
        {
            var start = coarse.Start + (i * coarse.Step);
            double? expected = null;
            var complete = true;
            for (var k = 0; k < perCoarse; k++)
            {
                var batch = (start + (k * CrashWorkload.StepSeconds) - CrashWorkload.T0) / CrashWorkload.StepSeconds;
                if (batch < 0)
                {
                    continue;
                }

                if (CrashWorkload.InFlight(batch, series, inFlight) is not null)
                {
                    complete = false; // the batch in flight may or may not count; skip this slot
                }

                if (CrashWorkload.Expected(batch, series, lastAcked) is { } value)
                {
                    expected = expected is { } e ? Math.Max(e, value) : value;
                }
            }

            var actual = coarse.Values[i];
            if (complete && !(double.IsNaN(actual) ? expected is null : actual == expected))
            {
                problems.Add($"{coarse.Name} coarse @ {start}: found {Describe(actual)}, expected {Describe(expected)}; last acknowledged batch {lastAcked}");
            }
        }
    }

    private static string Describe(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "nothing";

    private sealed class FixedClock(long unixSeconds) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
    }
}

using Mine.Storage.Engine;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// A merge whose blocks have all expired rolls them up and writes no data of its own; its inputs are then deleted
/// one by one. A crash between two deletions must not leave an input that a later merge rolls up alone: that
/// input holds only some of a minute's slots (here an overwrite), and its rollup would replace the right coarse
/// value with the aggregate of that fraction.
/// </summary>
public sealed class MergeCrashTests
{
    private const string Schemas = "[default]\npattern = .*\nretentions = 60s:1d,5m:30d\n";
    private const string MaxAggregation = "[default]\npattern = .*\nxFilesFactor = 0\naggregationMethod = max\n";

    [Fact]
    public void A_crash_between_the_deletions_of_a_merge_that_kept_nothing_leaves_no_input_to_roll_up_again()
    {
        using var store = new EngineFixture(Schemas, MaxAggregation);
        var minute = StorageEngine.BucketStart(EngineFixture.T0 + 86400, 60) + 600; // a 5-minute boundary
        store.Clock.Now = minute + 600;
        store.Write(("roll.a", minute, 10), ("roll.a", minute + 60, 20), ("roll.a", minute + 120, 30), ("roll.a", minute + 180, 40), ("roll.a", minute + 240, 50));
        store.Engine.FlushNow();
        store.Write(("roll.a", minute + 120, 1)); // an overwrite, in a part of its own
        store.Engine.FlushNow();
        Assert.Equal(2, PartCount(store));

        // Past the 60 s archive's day: the merge rolls the minute up (max 50) and has no block left to write. It
        // dies after deleting its first input, the older one.
        store.Clock.Now = minute + (3 * 86400);
        store.Options.FaultInjection = point =>
        {
            if (point == FaultPoints.MergeInputDeleted)
            {
                throw new SimulatedCrashException();
            }
        };
        store.Reopen();
        Assert.Throws<SimulatedCrashException>(() => store.Engine.CompactNow());

        store.Options.FaultInjection = null;
        store.Reopen();
        store.Engine.CompactNow();
        store.Engine.FlushNow();
        store.Reopen();

        var coarse = store.Values("roll.a", minute - 300, minute + 300);
        Assert.True(coarse.Contains(50), $"the 5-minute slot should hold the max of its minutes (50): [{string.Join(", ", coarse)}]\n{string.Join('\n', store.Log)}");
        Assert.DoesNotContain(1.0, coarse);
    }

    [Fact]
    public void Fine_data_maintenance_has_not_rolled_up_yet_answers_for_its_coarse_slots_however_old()
    {
        // A merge cut short, or maintenance that stalled, leaves expired fine blocks on disk; they are the only copy
        // of those minutes until the next merge rolls them up, so reads must not skip them for being old.
        using var store = new EngineFixture(Schemas, MaxAggregation);
        var minute = StorageEngine.BucketStart(EngineFixture.T0 + 86400, 60) + 600;
        store.Clock.Now = minute + 600;
        store.Write(("late.rollup", minute, 10), ("late.rollup", minute + 60, 70), ("late.rollup", minute + 120, 30));
        store.Engine.FlushNow();

        store.Clock.Now = minute + (10 * 86400); // far past the fine archive and any read-time horizon, no merge ran
        Assert.Contains(70.0, store.Values("late.rollup", minute - 300, minute + 300));

        store.Engine.CompactNow();
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Directory, "parts", "60"), "*.part"));
        Assert.Contains(70.0, store.Values("late.rollup", minute - 300, minute + 300));
    }

    private static int PartCount(EngineFixture store) =>
        Directory.GetFiles(Path.Combine(store.Directory, "parts", "60"), "*.part").Length;

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException()
            : base("simulated crash")
        {
        }
    }
}

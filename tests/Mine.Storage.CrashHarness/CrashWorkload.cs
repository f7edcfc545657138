using Mine.Core.Series;
using Mine.Storage.Engine;
using Mine.Storage.Schemas;
using Mine.Storage.Wal;

namespace Mine.Storage.CrashHarness;

/// <summary>
/// A deterministic write load over a fake clock that moves 10 s per batch, with everything a crash can interrupt:
/// new series, head rotations every few batches (a small head), explicit flushes, merges, and data that ages out
/// of the fine archive and is rolled up into the coarse one. Batch <c>b</c> writes, for every series <c>s</c>, the
/// value <c>b·1000+s</c> at <c>T(b)</c>; every 7th batch also overwrites the slot of batch <c>b−3</c> for every
/// third series with <c>−(b·1000+s)</c>. Whoever knows the last acknowledged batch can tell what every slot must
/// hold, and which values may appear besides (those of the batch in flight when the process died). A second set of
/// "late" series receives, in every batch, a point an hour old, past the fine archive's reach: it goes straight to
/// the coarse archive, so most flushes write parts in two step folders, and a crash between them matters.
/// </summary>
public sealed class CrashWorkload
{
    public const long T0 = 1_700_006_400; // a UTC midnight
    public const int StepSeconds = 10;
    public const int FineRetentionSeconds = 1800;
    public const int CoarseStepSeconds = 60;
    public const string Schemas = "[crash]\npattern = .*\nretentions = 10s:30m,60s:1d\n";
    public const string Aggregation = "[crash]\npattern = .*\nxFilesFactor = 0\naggregationMethod = max\n";

    public const int LateAgeSeconds = 3600;

    public CrashWorkload(int series = 60, int lateSeries = 12, int headCapacity = 400)
    {
        Series = series;
        LateSeries = lateSeries;
        HeadCapacity = headCapacity;
    }

    public int Series { get; }

    public int LateSeries { get; }

    public int HeadCapacity { get; }

    public static long Time(long batch) => T0 + batch * StepSeconds;

    public static string Name(int series) => $"crash.host-{series:D3}.value";

    public static string LateName(int series) => $"crash.late-{series:D3}.value";

    public static bool Overwrites(long batch) => batch >= 3 && batch % 7 == 0;

    /// <summary>Late points are written once per coarse slot (the first batch of each minute), so a lost one shows.</summary>
    public static bool WritesLate(long batch) => batch % (CoarseStepSeconds / StepSeconds) == 0;

    public StorageOptions Options(string directory, TimeProvider clock, Action<string>? faultInjection, Action<string> log) => new()
    {
        DataDirectory = directory,
        Schemas = StorageSchemas.Parse(Schemas, "crash-schemas"),
        Aggregation = StorageAggregation.Parse(Aggregation, "crash-aggregation"),
        HeadCapacityPoints = HeadCapacity,
        Time = clock,
        BackgroundMaintenance = false,
        WalSyncMode = WalSyncMode.None,
        FaultInjection = faultInjection,
        Log = log,
    };

    /// <summary>The points of one batch, in the order they are written.</summary>
    public PointBatch Batch(long batch)
    {
        var points = new PointBatch((Series * 2) + LateSeries);
        for (var s = 0; s < Series; s++)
        {
            points.Add(Name(s), Time(batch), (batch * 1000) + s);
        }

        if (WritesLate(batch))
        {
            for (var s = 0; s < LateSeries; s++)
            {
                points.Add(LateName(s), Time(batch) - LateAgeSeconds, (batch * 1000) + s);
            }
        }

        if (Overwrites(batch))
        {
            for (var s = 0; s < Series; s += 3)
            {
                points.Add(Name(s), Time(batch - 3), -((batch * 1000) + s));
            }
        }

        return points;
    }

    /// <summary>What the harness does after writing a batch: flush, merge, or nothing.</summary>
    public static MaintenanceStep After(long batch, int seed) =>
        (batch + seed) % 50 == 49 ? MaintenanceStep.Compact : (batch + seed) % 13 == 12 ? MaintenanceStep.Flush : MaintenanceStep.None;

    /// <summary>The value a fine slot must hold after the batches up to <paramref name="lastAcked"/> were acknowledged.</summary>
    public static double? Expected(long slotBatch, int series, long lastAcked)
    {
        var overwrite = slotBatch + 3;
        if (Overwrites(overwrite) && series % 3 == 0 && overwrite <= lastAcked)
        {
            return -((overwrite * 1000) + series);
        }

        return slotBatch <= lastAcked ? (slotBatch * 1000) + series : null;
    }

    /// <summary>The value a coarse slot of a late series must hold (one batch writes it), and what the batch in flight may have written.</summary>
    public static double? ExpectedLate(long minuteStart, int series, long lastAcked, out double? inFlightValue)
    {
        inFlightValue = null;
        var batch = (minuteStart + LateAgeSeconds - T0) / StepSeconds;
        if (batch < 0 || !WritesLate(batch))
        {
            return null;
        }

        if (batch == lastAcked + 1)
        {
            inFlightValue = (batch * 1000) + series;
        }

        return batch <= lastAcked ? (batch * 1000) + series : null;
    }

    /// <summary>The value the batch in flight (not acknowledged) may have left in a fine slot.</summary>
    public static double? InFlight(long slotBatch, int series, long inFlight)
    {
        if (slotBatch == inFlight)
        {
            return (slotBatch * 1000) + series;
        }

        return slotBatch + 3 == inFlight && Overwrites(inFlight) && series % 3 == 0 ? -((inFlight * 1000) + series) : null;
    }
}

public enum MaintenanceStep
{
    None,
    Flush,
    Compact,
}

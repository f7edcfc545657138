using Mine.Core.Ports;
using Mine.Core.Series;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>History import as every store does it; stores that keep a series' own layout also pass
/// <see cref="LayoutKeepingStoreContractTests"/>.</summary>
public abstract partial class SeriesStoreContractTests
{
    /// <summary>Not the store's schema (60s:1d,5m:30d average): 1m:12h, 10m:7d, sum, xFilesFactor 0.5.</summary>
    protected static readonly HistoryLayout ImportedLayout = new([new(60, 720), new(600, 1008)], AggregationMethod: 2, XFilesFactor: 0.5);

    protected HistoryImportResult Import(string name, HistoryLayout layout, ConflictPolicy onConflict, params (long Time, double Value)[][] archives)
        => Store.History.Import(name, layout, [.. archives.Select(static a => new HistoryPoints(a.Select(p => p.Time).ToArray(), a.Select(p => p.Value).ToArray()))], onConflict);

    [StoreFact]
    public void Keep_skips_slots_that_hold_a_value_and_overwrite_replaces_them()
    {
        Write(("k", Now - 120, 1), ("o", Now - 120, 1));
        Assert.Equal(new HistoryImportResult(2, 1, 1, 0, 0, 0, false), Import("k", ImportedLayout, ConflictPolicy.Keep, [(Now - 180, 7), (Now - 120, 8)]));
        Assert.Equal(new HistoryImportResult(2, 2, 0, 0, 0, 0, false), Import("o", ImportedLayout, ConflictPolicy.Overwrite, [(Now - 180, 7), (Now - 120, 8)]));

        Assert.Equal([7, 1], Values("k", Now - 240, Now - 120));
        Assert.Equal([7, 8], Values("o", Now - 240, Now - 120));
    }
}

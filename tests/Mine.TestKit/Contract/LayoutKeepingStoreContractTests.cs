using Mine.Core.Ports;
using Mine.Core.Series;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>
/// The contract of a store that keeps what a history import says of a series (the embedded engine, as whisper): a
/// series created by an import has the file's own layout, and points go into the archive they were stored in. A store
/// whose retention comes from rules alone (ClickHouse, whose rollup is configured by pattern) passes the rest of the
/// contract and documents its own import.
/// </summary>
public abstract class LayoutKeepingStoreContractTests : SeriesStoreContractTests
{
    [StoreFact]
    public void An_imported_series_gets_the_given_layout_and_every_archive_reads_back()
    {
        var fine = Now - 3600;
        var coarse = Now - (3 * Day) - ((Now - (3 * Day)) % 600); // older than the fine archive reaches
        var result = Import("old.sum", ImportedLayout, ConflictPolicy.Keep, [(fine, 1), (fine + 60, 2)], [(coarse, 30), (coarse + 600, 40)]);

        Assert.Equal(new HistoryImportResult(4, 4, 0, 0, 0, 0, Created: true), result);
        Assert.Equal(7 * Day, Store.Index.MaxRetentionSeconds("old.sum"));
        var recent = Assert.IsType<FetchedSeries>(Fetch("old.sum", fine - 60, fine + 60));
        Assert.Equal((60L, "sum", 0.5), (recent.Step, recent.ConsolidationFunction, recent.XFilesFactor));
        Assert.Equal([1, 2], recent.Values);
        var old = Assert.IsType<FetchedSeries>(Fetch("old.sum", coarse - 600, coarse + 600));
        Assert.Equal(600, old.Step);
        Assert.Equal([30, 40], old.Values);
    }

    [StoreFact]
    public void An_existing_series_keeps_its_layout_and_refuses_an_archive_step_it_lacks()
    {
        Write(("live", Now - 60, 1));
        var result = Import("live", ImportedLayout, ConflictPolicy.Keep, [(Now - 120, 5)], [(Now - (2 * Day) - ((Now - (2 * Day)) % 600), 6)]);

        Assert.Equal((2, 1, 1, false), (result.Offered, result.Written, result.Refused, result.Created));
        Assert.Contains("600", result.Problem, StringComparison.Ordinal);
        Assert.Equal(MaxRetention, Store.Index.MaxRetentionSeconds("live"));
        Assert.Equal([5, 1], Values("live", Now - 180, Now - 60));
    }

    [StoreFact]
    public void Refused_import_points_are_counted_by_reason_and_a_bad_name_or_layout_creates_nothing()
    {
        var result = Import("r.a", ImportedLayout, ConflictPolicy.Keep,
            [(Now - (Day / 2), 1), (Now + 3600, 2), (Now - 60, double.NaN), (Now - 61, 3), (Now - 60, 4)],
            [(Now - (8 * Day) - ((Now - (8 * Day)) % 600), 5)]);
        Assert.Equal(new HistoryImportResult(6, 1, 0, TooOld: 2, InFuture: 1, Refused: 2, Created: true, result.Problem), result);

        var badName = Import("bad..name", ImportedLayout, ConflictPolicy.Keep, [(Now - 60, 1)]);
        Assert.Equal((1, 0, 1), (badName.Offered, badName.Written, badName.Refused));
        var badLayout = Import("r.b", ImportedLayout with { Archives = [new(60, 720), new(90, 1008)] }, ConflictPolicy.Keep, [(Now - 60, 1)]);
        Assert.Equal((1, 0, 1), (badLayout.Offered, badLayout.Written, badLayout.Refused));
        Assert.NotNull(badLayout.Problem);
        Assert.Equal(["r.a"], Store.Index.AllNames());
    }

    [StoreFact]
    public void A_coarse_slot_the_fine_archive_only_partly_reaches_reads_its_stored_value()
    {
        // whisper computed the 10-minute slot from all ten minutes; only the last few are still in the fine archive.
        var reach = Now - (720 * 60) + 60; // the oldest fine slot in reach (Now is a whole hour)
        var straddling = reach - (reach % 600);
        Assert.True(straddling < reach);
        var next = straddling + 600; // wholly in reach: five of its ten minutes meet the xFilesFactor of 0.5
        Import("edge", ImportedLayout, ConflictPolicy.Keep,
            [(reach, 1), (reach + 60, 1), (reach + 120, 1), (next, 2), (next + 60, 2), (next + 120, 2), (next + 180, 2), (next + 240, 2)],
            [(straddling, 10), (next, 99)]);

        var coarse = Assert.IsType<FetchedSeries>(Fetch("edge", Now - Day, Now));
        Assert.Equal(600, coarse.Step);
        var at = (int)((straddling - coarse.Start) / 600);
        Assert.Equal(10, coarse.Values[at]); // the stored value, not the sum of the three minutes left
        Assert.Equal(10, coarse.Values[at + 1]); // within the fine reach: computed from the fine points, as whisper did
    }

    [StoreFact]
    public void Imported_points_survive_a_restart()
    {
        Import("durable", ImportedLayout, ConflictPolicy.Keep, [(Now - 60, 1)], [(Now - (2 * Day) - ((Now - (2 * Day)) % 600), 2)]);
        Reopen();

        Assert.Equal(7 * Day, Store.Index.MaxRetentionSeconds("durable"));
        Assert.Equal([1], Values("durable", Now - 120, Now - 60));
        Assert.Contains(2, Values("durable", Now - (3 * Day), Now - Day));
    }
}

using Mine.Core.Series;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>Write, then read back the whisper way.</summary>
public abstract partial class SeriesStoreContractTests
{
    [StoreFact]
    public void Points_read_back_in_their_slots_from_the_slot_after_from()
    {
        Assert.Equal(3, Write(("a.b", T0 + 61, 1), ("a.b", T0 + 125, 2), ("a.b", T0 + 180, 3)).Accepted);

        var series = Assert.IsType<FetchedSeries>(Fetch("a.b", T0, T0 + 240));
        Assert.Equal("a.b", series.Name);
        Assert.Equal((T0 + 60, T0 + 300, 60L), (series.Start, series.End, series.Step));
        Assert.Equal([1, 2, 3, double.NaN], series.Values);
        Assert.Equal("average", series.ConsolidationFunction);
        Assert.Equal(0, series.XFilesFactor);
    }

    [StoreFact]
    public void Range_ends_round_up_to_the_next_slot_and_an_empty_range_answers_one_slot()
    {
        Write(("r", T0 + 60, 1), ("r", T0 + 120, 2), ("r", T0 + 180, 3));

        var range = Assert.IsType<FetchedSeries>(Fetch("r", T0 + 59, T0 + 121));
        Assert.Equal((T0 + 60, T0 + 180), (range.Start, range.End));
        Assert.Equal([1, 2], range.Values);

        var instant = Assert.IsType<FetchedSeries>(Fetch("r", T0 + 130, T0 + 130));
        Assert.Equal((T0 + 180, T0 + 240), (instant.Start, instant.End));
        Assert.Equal([3], instant.Values);
    }

    [StoreFact]
    public void Reads_clip_to_the_retention_and_refuse_a_reversed_range()
    {
        Write(("c", Now - 60, 1));

        Assert.Null(Fetch("c", Now + 60, Now + 120)); // wholly in the future
        Assert.Null(Fetch("c", Now - MaxRetention - Day, Now - MaxRetention - 60)); // wholly past the longest archive
        var clipped = Assert.IsType<FetchedSeries>(Fetch("c", Now - (60 * Day), Now + Day));
        Assert.Equal(300, clipped.Step);
        Assert.True(clipped.Start > Now - MaxRetention && clipped.End <= Now + 300, $"{clipped.Start}..{clipped.End}");
        Assert.Throws<ArgumentException>(() => Fetch("c", Now, Now - 60));
    }

    [StoreFact]
    public void A_read_takes_the_finest_archive_covering_now_minus_from_and_a_coarse_slot_aggregates_the_fine_ones()
    {
        var slot = Now - 7200; // a 5-minute boundary: Now is one
        Write(("agg", slot, 1), ("agg", slot + 60, 2), ("agg", slot + 120, 3), ("agg", slot + 180, 4), ("agg", slot + 240, 5), ("agg", slot + 300, 10));

        var fine = Assert.IsType<FetchedSeries>(Fetch("agg", Now - Day + 60, Now));
        Assert.Equal(60, fine.Step);
        Assert.Equal(1, fine.Values[(int)((slot - fine.Start) / 60)]);

        var coarse = Assert.IsType<FetchedSeries>(Fetch("agg", Now - (2 * Day), Now));
        Assert.Equal(300, coarse.Step);
        Assert.Equal(0, coarse.Start % 300);
        var at = (int)((slot - coarse.Start) / 300);
        Assert.Equal([3, 10, double.NaN], coarse.Values[at..(at + 3)]);
    }

    [StoreFact]
    public void A_point_older_than_the_finest_archive_lands_in_the_first_archive_that_covers_it()
    {
        var slot = Now - (3 * Day);
        Assert.Equal(1, Write(("old", slot + 17, 7)).Accepted);

        var series = Assert.IsType<FetchedSeries>(Fetch("old", Now - (4 * Day), Now - (2 * Day)));
        Assert.Equal(300, series.Step);
        Assert.Equal(7, series.Values[(int)((slot - series.Start) / 300)]);
        Assert.Equal(1, series.Values.Count(static v => !double.IsNaN(v)));
    }

    [StoreFact]
    public void An_archive_takes_the_points_younger_than_its_retention_and_no_archive_one_as_old_as_the_longest()
    {
        // Exactly a day old: written to the 5-minute slot itself, which a coarse read takes as it is, not averaged
        // with the minute point beside it.
        Write(("edge", Now - Day, 7), ("edge", Now - Day + 60, 8));
        var coarse = Assert.IsType<FetchedSeries>(Fetch("edge", Now - (2 * Day), Now));
        Assert.Equal(7, coarse.Values[(int)((Now - Day - coarse.Start) / 300)]);

        Assert.Equal(1, Write(("edge", Now - MaxRetention, 1)).TooOld);
    }

    [StoreFact]
    public void A_later_point_for_a_slot_replaces_the_earlier_one_in_every_archive()
    {
        Write(("o", T0 + 60, 1), ("o", T0 + 120, 2));
        Write(("o", T0 + 61, 10), ("o", T0 + 130, 20), ("o", T0 + 179, 21)); // the same slots, later
        Assert.Equal([10, 21], Values("o", T0, T0 + 120));

        var slot = Now - (3 * Day);
        Write(("o", slot, 5));
        Write(("o", slot + 299, 6));
        var coarse = Assert.IsType<FetchedSeries>(Fetch("o", Now - (4 * Day), Now - (2 * Day)));
        Assert.Equal(6, coarse.Values[(int)((slot - coarse.Start) / 300)]);
    }

    [StoreFact]
    public void Unknown_series_read_as_nothing()
    {
        Write(("known.a", Now - 60, 1));

        Assert.Null(Fetch("known.b", Now - 600, Now));
        Assert.Null(Fetch("known", Now - 600, Now)); // a branch is not a series
        Assert.Null(Store.Index.MaxRetentionSeconds("known.b"));
        Assert.Empty(Store.Index.Find("unknown.*"));
        Assert.Empty(Store.Index.FindSeries("known.b"));
        var madeUp = new SeriesHandle("known.b", long.MaxValue);
        Assert.Null(Store.Reader.Fetch(madeUp, Now - 600, Now, Now));
        Assert.Equal(0, Store.Reader.PointsToRead(madeUp, Now - 600, Now, Now));
    }

    [StoreFact]
    public void A_handle_reads_what_the_name_reads_and_PointsToRead_counts_its_values()
    {
        Write(("h.a", T0 + 60, 1), ("h.a", Now - 60, 2));
        var handle = Assert.Single(Store.Index.FindSeries("h.*"));
        Assert.Equal("h.a", handle.Name);

        foreach (var (from, until) in new[] { (T0, Now), (Now - (3 * Day), Now), (Now - 600, Now - 600), (Now + 60, Now + 600) })
        {
            var byName = Fetch("h.a", from, until);
            var byHandle = Store.Reader.Fetch(handle, from, until, Now);
            Assert.Equal(byName?.Values, byHandle?.Values);
            Assert.Equal((byName?.Start, byName?.Step), (byHandle?.Start, byHandle?.Step));
            Assert.Equal(byName?.Values.Length ?? 0, Store.Reader.PointsToRead(handle, from, until, Now));
        }

        Assert.Equal(MaxRetention, Store.Index.MaxRetentionSeconds("h.a"));
    }
}

using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>What survives closing and opening the store again, and what the host's status shows.</summary>
public abstract partial class SeriesStoreContractTests
{
    [StoreFact]
    public void Every_accepted_point_and_name_survives_a_reopen()
    {
        WriteTree();
        WriteTagged();
        Write(("live.a", T0 + 60, 1), ("live.a", Now - (3 * Day), 2));
        var names = Store.Index.AllNames().Order(StringComparer.Ordinal).ToList();
        var fine = Values("live.a", T0, Now);
        var coarse = Values("live.a", Now - (4 * Day), Now);

        Reopen();

        Assert.Equal(names, Store.Index.AllNames().Order(StringComparer.Ordinal));
        Assert.Equal(names.Count, Store.Status.SeriesCount);
        Assert.Equal(fine, Values("live.a", T0, Now));
        Assert.Equal(coarse, Values("live.a", Now - (4 * Day), Now));
        Assert.Equal("B:a.1 B:a.10 B:a.2 B:a.b L:a.b B:a.bc", FindText("a.*"));
        Assert.Equal(["disk.free;dc=la;host=a", "disk.used;dc=la;host=a", "disk.used;dc=la;host=b", "tag.m;dc=la"], Store.Tags.FindTaggedSeries(["dc=la"]).Select(static s => s.Name));
        Assert.Equal(MaxRetention, Store.Index.MaxRetentionSeconds("live.a"));
    }

    [StoreFact]
    public void Flushed_compacted_and_fresh_points_all_survive_a_reopen_and_later_writes_still_win()
    {
        Write(("p.a", T0 + 60, 1), ("p.a", T0 + 120, 2));
        Store.Maintenance.FlushNow();
        Write(("p.a", T0 + 120, 20), ("p.a", T0 + 180, 3));
        Store.Maintenance.CompactNow();
        Write(("p.a", T0 + 180, 30), ("p.a", T0 + 240, 4));

        Reopen();
        Assert.Equal([1, 20, 30, 4], Values("p.a", T0, T0 + 240));

        Write(("p.a", T0 + 60, 10));
        Reopen();
        Assert.Equal([10, 20, 30, 4], Values("p.a", T0, T0 + 240));
    }

    [StoreFact]
    public void Refused_points_leave_nothing_behind_after_a_reopen()
    {
        Write(1, ("kept.a", Now - 60, 1), ("limited.a", Now - 60, 1), ("old.a", Now - MaxRetention - 60, 1), ("bad..a", Now, 1));

        Reopen();

        Assert.Equal(["kept.a"], Store.Index.AllNames());
        Assert.Null(Fetch("limited.a", Now - 600, Now));
        Assert.Equal("L:kept.a", FindText("*.a"));
    }

    [StoreFact]
    public void Status_counts_series_and_shows_no_problem_on_a_sound_store()
    {
        Assert.Equal(0, Store.Status.SeriesCount);
        WriteTree();

        Assert.Equal(TreeNames.Length, Store.Status.SeriesCount);
        Assert.Null(Store.Status.Problem);
        Assert.False(Store.Status.WritesFailing);
        Assert.Equal(Store.Status.Loops, Store.Status.Loops);
        var metrics = Store.Status.Metrics();
        Assert.All(metrics, static m => Assert.Matches("^[a-z][a-z0-9_]*$", m.Name));
        Assert.Equal(metrics.Count, metrics.Select(static m => m.Name).Distinct().Count());
        Assert.Equal(metrics.Select(static m => m.Name), Store.Status.Metrics().Select(static m => m.Name));
    }
}

using Mine.ClickHouse.Reading;
using Mine.ClickHouse.Writing;

namespace Mine.ClickHouse.Tests.Writing;

public sealed class RecentPointsTests
{
    [Fact]
    public void A_prune_forgets_the_points_of_inserted_segments_and_keeps_later_ones_of_every_series()
    {
        var recent = new RecentPoints();
        for (var series = 0; series < 5; series++)
        {
            recent.Add($"s{series}", segment: 1, new PointRow(100, series, 10));
            if (series % 2 == 0)
            {
                // Still streaming: a later segment holds more of its points, so it stays held after the prune.
                recent.Add($"s{series}", segment: 2, new PointRow(110, series + 0.5, 11));
            }
        }

        recent.Sent(segment: 2, now: 1_000);
        recent.Prune(now: 1_000, graceSeconds: 0);

        Assert.Equal(3, recent.Count);
        for (var series = 0; series < 5; series++)
        {
            var rows = new List<PointRow>();
            recent.CopyTo($"s{series}", 0, 1_000, rows);
            Assert.Equal(series % 2 == 0 ? [new PointRow(110, series + 0.5, 11)] : [], rows);
            Assert.Equal(series % 2 == 0 ? 11u : 0u, recent.LatestVersion($"s{series}"));
        }

        // The series kept stay known to the pruner: their last points go at the next prune.
        recent.Sent(segment: 3, now: 1_001);
        recent.Prune(now: 1_001, graceSeconds: 0);
        Assert.Equal(0, recent.Count);
    }

    [Fact]
    public void Points_of_segments_sent_within_the_grace_period_stay_held()
    {
        var recent = new RecentPoints();
        recent.Add("s", segment: 1, new PointRow(100, 1, 10));
        recent.Sent(segment: 2, now: 1_000);
        recent.Prune(now: 1_004, graceSeconds: 5);
        Assert.Equal(1, recent.Count);
        recent.Prune(now: 1_005, graceSeconds: 5);
        Assert.Equal(0, recent.Count);
    }
}

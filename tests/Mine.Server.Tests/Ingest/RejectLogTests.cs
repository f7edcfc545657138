using Microsoft.Extensions.Logging;
using Mine.Listeners;

namespace Mine.Server.Tests.Ingest;

public class RejectLogTests
{
    [Fact]
    public void Collectd_rejects_are_one_line_per_interval_that_counts_the_ones_held_back()
    {
        var log = new ListLogger<RejectLogTests>();
        var rejects = new RateLimitedRejectLog(log, "collectd", TimeSpan.FromHours(1));
        for (var total = 1; total <= 3; total++)
        {
            rejects.Report("BadSignature", "192.0.2.7:25826", total);
        }

        var line = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("collectd: packet from 192.0.2.7:25826 rejected (BadSignature), 0 more since the last line; 1 rejections so far, by reason on /_internal/metrics", line.Message);

        var often = new RateLimitedRejectLog(log, "collectd", TimeSpan.Zero);
        often.Report("Truncated", "192.0.2.8:25826", 4);
        often.Report("Truncated", "192.0.2.8:25826", 5);
        Assert.Equal(3, log.Entries.Count);
    }
}

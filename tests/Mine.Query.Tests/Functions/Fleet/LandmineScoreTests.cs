using Xunit;

namespace Mine.Query.Tests.Functions.Fleet;

public class LandmineScoreTests
{
    /// <summary>Twelve hosts, three metrics, two hours a minute apart, a daily-like ramp every host shares, levels up
    /// to 4× apart at rest; web-03 runs 3× the others all along (a bigger machine); web-05 drops 12 % on every metric
    /// for the last 15 minutes (out of its load balancer: no metric far off alone).</summary>
    private static FunctionTestKit Fleet()
    {
        var kit = new FunctionTestKit();
        var random = new Random(7);
        string[] metrics = ["load.load.shortterm", "nginx.nginx_requests", "interface-eth0.if_octets.tx"];
        for (var host = 1; host <= 12; host++)
        {
            var level = (1 + (3.0 * (host % 4) / 4)) * (host == 3 ? 3 : 1);
            foreach (var metric in metrics)
            {
                kit.Add($"servers.web-{host:00}.{metric}", [.. Enumerable.Range(0, 120).Select(t =>
                    level * (1 + (t / 120.0)) * (host == 5 && t >= 105 ? 0.88 : 1) * (1 + (0.02 * ((random.NextDouble() * 2) - 1))))]);
            }
        }

        return kit;
    }

    [Fact]
    public void The_host_a_little_low_on_every_metric_scores_beyond_the_threshold_and_the_bigger_machine_does_not()
    {
        var scores = Fleet().Evaluate("landmineScore(group(servers.web-*.load.load.shortterm,servers.web-*.nginx.nginx_requests,servers.web-*.interface-eth0.if_octets.tx),1)");
        Assert.Equal(12, scores.Count);
        Assert.All(scores, s => Assert.StartsWith("landmineScore(web-", s.Name, StringComparison.Ordinal));
        double Recent(string host) => scores.Single(s => s.Name == $"landmineScore({host})").GetPoints()[^10..].Order().ElementAt(5);
        Assert.True(Recent("web-05") < -3.5, $"web-05: {Recent("web-05")}");
        Assert.InRange(Recent("web-03"), -2, 2);
        Assert.All(scores.Where(s => s.Name != "landmineScore(web-05)"), s => Assert.InRange(s.GetPoints()[^10..].Order().ElementAt(5), -2.5, 2.5));

        // Before the drop web-05 was in line.
        Assert.InRange(scores.Single(s => s.Name == "landmineScore(web-05)").GetPoints()[50], -2.5, 2.5);
    }

    [Fact]
    public void A_host_node_past_the_names_is_refused_with_the_name()
        => Assert.Contains("hostNode 9 is not a node of servers.web-01", Assert.Throws<QueryArgumentException>(() => Fleet().Evaluate("landmineScore(servers.web-*.load.load.shortterm,9)")).Message, StringComparison.Ordinal);
}

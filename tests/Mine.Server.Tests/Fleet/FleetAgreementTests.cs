using System.Globalization;
using System.Text;
using System.Text.Json;
using Mine.Fleet;

namespace Mine.Server.Tests.Fleet;

/// <summary>The fleet page (its tiles and counts come from /api/fleet/hosts) and the Landmines page
/// (/api/fleet/landmines) say the same of every host: both read one computation's verdicts.</summary>
public sealed class FleetAgreementTests
{
    [Fact]
    public async Task Every_host_listed_as_a_landmine_has_that_verdict_on_the_fleet_page_and_no_other_host_has_one()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Fleet:LandmineRefreshSeconds"] = "1" });
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        t -= t % 60;
        var text = new StringBuilder();
        var points = 0;
        for (var i = 1; i <= 12; i++)
        {
            var name = $"web-{i:000}";
            var factor = name switch { "web-002" => 4.0, "web-005" => 0.1, _ => 1.0 };

            // web-011 stopped sending ten minutes ago: stale, and only that.
            for (var m = 30; m >= (name == "web-011" ? 10 : 0); m--)
            {
                var noise = 1 + (0.05 * Math.Sin((i * 7) + (m * 3.1)));
                text.Append(CultureInfo.InvariantCulture, $"{name}.load.load.shortterm {2 * factor * noise} {t - (m * 60)}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}.nginx.nginx_requests {300 * factor * noise} {t - (m * 60)}\n");
                points += 2;
            }
        }

        await server.SendPlaintextAsync(text.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", points);
        await Task.Delay(1100);

        using var landmines = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/landmines"));
        using var hosts = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/hosts"));
        var listed = landmines.RootElement.GetProperty("landmines").EnumerateArray().ToDictionary(l => l.GetProperty("host").GetString()!, l => l.GetProperty("kind").GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["web-002"] = "level", ["web-005"] = "level", ["web-011"] = "stale" }, listed);

        var stale = landmines.RootElement.GetProperty("landmines").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "stale");
        Assert.Equal("stopped sending", stale.GetProperty("reason").GetString());
        Assert.Empty(stale.GetProperty("evidence").EnumerateArray());
        Assert.InRange(stale.GetProperty("since").GetInt64(), t - (10 * 60), t - (10 * 60));

        foreach (var host in hosts.RootElement.EnumerateArray())
        {
            var name = host.GetProperty("name").GetString()!;
            var verdict = host.GetProperty("verdict").GetString();
            Assert.Equal(listed.GetValueOrDefault(name, "ok"), verdict);

            // The tile's own rule (an outlier from |outlierScore| ≥ 3) agrees too.
            if (host.GetProperty("outlierScore") is { ValueKind: JsonValueKind.Number } score)
            {
                Assert.Equal(verdict == "level", Math.Abs(score.GetDouble()) >= LandmineDetector.TileThreshold);
            }
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mine.Server.Tests.Alerts;

/// <summary>
/// From points to a person: a real Mine detects a level landmine in plaintext points, its alert reaches a real HTTP
/// receiver once, and when the host's points are back in line with its group the alert resolves.
/// </summary>
public sealed class LandmineAlertTests
{
    [Fact]
    public async Task A_level_landmine_fires_to_the_webhook_once_and_resolves_when_its_host_is_back_in_line()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = AlertWebhookTests.FastAlerts(receiver, "/hook");
        settings["Mine:Alerts:Landmines"] = "true";
        settings["Mine:Alerts:StaleHosts"] = "false";
        settings["Mine:Fleet:LandmineRefreshSeconds"] = "1";
        settings["Mine:Fleet:StaleIntervals"] = "600"; // points a minute apart, the last one up to a minute old
        await using var server = await MineTestServer.StartAsync(settings: settings);

        // Twelve web hosts for the last 40 minutes; web-009 at a tenth of its peers' load all along.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        now -= now % 60;
        await server.SendPlaintextAsync(Fleet(now, web009: 0.1));
        await server.WaitForMetricAsync("mine_points_ingested_total", 12 * 41);

        var fired = await receiver.WaitForAsync("/hook", 1);
        using (var body = JsonDocument.Parse(fired[0]))
        {
            var alert = body.RootElement.GetProperty("alerts").EnumerateArray().Single();
            Assert.Equal(("landmine", "firing", "web-009", "web"), (alert.GetProperty("kind").GetString(), alert.GetProperty("state").GetString(), alert.GetProperty("host").GetString(), alert.GetProperty("group").GetString()));
            Assert.Contains("under-working", alert.GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.Equal("https://mine.example/host/web-009", alert.GetProperty("link").GetString());
        }

        // The same points again (web-009 in line): the next detection clears it, and one resolved message follows.
        await server.SendPlaintextAsync(Fleet(now, web009: 1));
        await server.WaitForMetricAsync("mine_points_ingested_total", 2 * 12 * 41);
        var both = await receiver.WaitForAsync("/hook", 2, timeoutMs: 30_000);
        using (var body = JsonDocument.Parse(both[1]))
        {
            var alert = body.RootElement.GetProperty("alerts").EnumerateArray().Single();
            Assert.Equal(("landmine", "resolved", "web-009"), (alert.GetProperty("kind").GetString(), alert.GetProperty("state").GetString(), alert.GetProperty("host").GetString()));
        }

        await Task.Delay(2000);
        Assert.Equal(2, receiver.BodiesOf("/hook").Count);
        var events = await server.Http.GetStringAsync("/events/get_data?tags=alert+landmine&from=-1h");
        Assert.Contains("web-009", events, StringComparison.Ordinal);
    }

    private static string Fleet(long now, double web009)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 12; i++)
        {
            for (var m = 40; m >= 0; m--)
            {
                var level = (i == 9 ? web009 : 1) * 2 * (1 + (0.04 * Math.Sin((i * 7) + (m * 3.1))));
                text.Append(CultureInfo.InvariantCulture, $"web-{i:000}.load.load.shortterm {level} {now - (m * 60)}\n");
            }
        }

        return text.ToString();
    }
}

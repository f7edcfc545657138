using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mine.Alerts;
using Mine.Hosting;
using Mine.Server.Tests.Configuration;

namespace Mine.Server.Tests.Alerts;

/// <summary>
/// A real Mine (in process) sends its alerts to a real HTTP receiver: stale hosts and a threshold rule fed by
/// plaintext points, the generic and Slack bodies, one message per state, a retry after a 500, a silence.
/// Intervals are short (evaluation every second) so that the states change within seconds.
/// </summary>
public sealed class AlertWebhookTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Hosts stale 3 s after their last point, evaluated every second, batches of 0.3 s, resolved at once.</summary>
    internal static Dictionary<string, string?> FastAlerts(WebhookReceiver receiver, params string[] webhooks)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mine:Fleet:IntervalSeconds"] = "1",
            ["Mine:Fleet:StaleIntervals"] = "3",
            ["Mine:Alerts:EvaluateSeconds"] = "1",
            ["Mine:Alerts:GroupSeconds"] = "0.3",
            ["Mine:Alerts:ResolveDelaySeconds"] = "0",
            ["Mine:Alerts:Landmines"] = "false",
            ["Mine:Alerts:PublicUrl"] = "https://mine.example",
        };
        for (var i = 0; i < webhooks.Length; i++)
        {
            var (format, path) = webhooks[i].Split(':') is [var f, var p] ? (f + ":", p) : ("", webhooks[i]);
            settings[$"Mine:Alerts:Webhooks:{i}"] = format + receiver.Url(path);
        }

        return settings;
    }

    /// <summary>Waits for the webhooks; on a timeout, says what Mine says of its alerts, evaluations, hosts and events.</summary>
    private static async Task<List<string>> WaitAsync(WebhookReceiver receiver, MineTestServer server, string path, int count)
    {
        try
        {
            return await receiver.WaitForAsync(path, count);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\n/api/alerts: {await server.Http.GetStringAsync("/api/alerts")}\n"
                + $"evaluations {await server.MetricAsync("mine_alerts_evaluations_total")}, hosts: {await server.Http.GetStringAsync("/api/fleet/hosts")}\n"
                + $"events: {await server.Http.GetStringAsync("/events/get_data?tags=alert&from=-1h")}", timeout);
        }
    }

    [Fact]
    public async Task A_stale_host_fires_once_in_the_generic_and_slack_bodies_and_resolves_when_it_sends_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await MineTestServer.StartAsync(settings: FastAlerts(receiver, "json:/generic", "slack:/slack"));
        await server.SendPlaintextAsync($"web-001.load.load.shortterm 1.5 {Now}\n");

        var generic = await WaitAsync(receiver, server, "/generic", 1);
        using (var body = JsonDocument.Parse(generic[0]))
        {
            var alert = body.RootElement.GetProperty("alerts").EnumerateArray().Single();
            Assert.Equal("mine", body.RootElement.GetProperty("source").GetString());
            Assert.Equal(("stale", "firing", "web-001", "web"), (alert.GetProperty("kind").GetString(), alert.GetProperty("state").GetString(), alert.GetProperty("host").GetString(), alert.GetProperty("group").GetString()));
            Assert.Equal("https://mine.example/host/web-001", alert.GetProperty("link").GetString());
            Assert.True(alert.GetProperty("since").GetInt64() > Now - 60);
        }

        var slack = await WaitAsync(receiver, server, "/slack", 1);
        using (var body = JsonDocument.Parse(slack[0]))
        {
            Assert.Equal("Mine: 1 firing", body.RootElement.GetProperty("text").GetString());
            var attachment = body.RootElement.GetProperty("attachments").EnumerateArray().Single();
            Assert.Equal("[FIRING] stale: web-001", attachment.GetProperty("title").GetString());
            Assert.Equal("#d0021b", attachment.GetProperty("color").GetString());
        }

        Assert.All(receiver.Requests, static r => Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal));

        // Many evaluations later, still stale: nothing more (one message per state).
        await Task.Delay(3000);
        Assert.Single(receiver.BodiesOf("/generic"));
        Assert.Single(receiver.BodiesOf("/slack"));

        // Back: resolved, once.
        await server.SendPlaintextAsync($"web-001.load.load.shortterm 1.5 {Now}\n");
        var resolved = await WaitAsync(receiver, server, "/generic", 2);
        Assert.Contains("\"state\":\"resolved\"", resolved[1], StringComparison.Ordinal);
        Assert.Contains("[RESOLVED] stale: web-001", (await WaitAsync(receiver, server, "/slack", 2))[1], StringComparison.Ordinal);

        // Recorded as events for Grafana, and visible in the API and the metrics.
        var events = await server.Http.GetStringAsync($"/events/get_data?tags=alert&from=-1h");
        Assert.Contains("\"firing: web-001 (web) sends no data", events, StringComparison.Ordinal);
        Assert.Contains("\"resolved: web-001", events, StringComparison.Ordinal);
        using var api = JsonDocument.Parse(await server.Http.GetStringAsync("/api/alerts"));
        var deliveries = api.RootElement.GetProperty("deliveries").EnumerateArray().ToList();
        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, static d => Assert.Equal("delivered", d.GetProperty("result").GetString()));
        Assert.Equal(4, await server.MetricAsync("mine_alerts_sent_total"));
        Assert.Equal(0, await server.MetricAsync("mine_alerts_firing"));
        var health = await server.Http.GetStringAsync("/health");
        Assert.Contains("alert-evaluator", health, StringComparison.Ordinal);
        Assert.Contains("alert-sender", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_answering_500_gets_the_message_again_and_it_is_delivered_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer("/flaky", 500);
        await using var server = await MineTestServer.StartAsync(settings: FastAlerts(receiver, "/flaky"));
        await server.SendPlaintextAsync($"db-001.load.load.shortterm 3 {Now}\n");

        var bodies = await WaitAsync(receiver, server, "/flaky", 2);
        Assert.Equal(bodies[0], bodies[1]);
        await server.WaitForMetricAsync("mine_alerts_sent_total", 1);
        await Task.Delay(2500);
        Assert.Equal(2, receiver.BodiesOf("/flaky").Count);
        Assert.Equal(1, await server.MetricAsync("mine_alerts_send_retries_total"));
        Assert.Equal(0, await server.MetricAsync("mine_alerts_send_failed_total"));
        using var api = JsonDocument.Parse(await server.Http.GetStringAsync("/api/alerts"));
        var delivery = api.RootElement.GetProperty("deliveries")[0];
        Assert.Equal(("delivered", 2), (delivery.GetProperty("result").GetString(), delivery.GetProperty("attempts").GetInt32()));
        Assert.DoesNotContain("/flaky", delivery.GetProperty("webhook").GetString(), StringComparison.Ordinal); // paths hold chat webhooks' secrets
    }

    [Fact]
    public async Task A_firing_message_not_delivered_before_a_stop_is_sent_after_the_start()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer("/down", Enumerable.Repeat(503, 1000).ToArray());
        var settings = FastAlerts(receiver, "/down");
        settings["Mine:Alerts:RetryMaxSeconds"] = "60"; // the second attempt waits long: still being retried at the stop
        var data = Path.Combine(Path.GetTempPath(), "mine-alert-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await MineTestServer.StartAsync(data, settings))
            {
                first.KeepData = true;
                await first.SendPlaintextAsync($"web-007.load.load.shortterm 1 {Now}\n");
                await WaitAsync(receiver, first, "/down", 1);
                using var api = JsonDocument.Parse(await first.Http.GetStringAsync("/api/alerts"));
                var firing = api.RootElement.GetProperty("firing").EnumerateArray().Single();
                Assert.Equal((true, false), (firing.GetProperty("sent").GetBoolean(), firing.GetProperty("delivered").GetBoolean()));
            }

            // The webhook is back; the host is still silent. The restarted Mine sends the firing message it never delivered, once.
            receiver.Answer("/down");
            var refused = receiver.BodiesOf("/down").Count;
            await using var second = await MineTestServer.StartAsync(data, settings);
            var bodies = await WaitAsync(receiver, second, "/down", refused + 1);
            Assert.Contains("\"host\":\"web-007\"", bodies[refused], StringComparison.Ordinal);
            Assert.Contains("\"state\":\"firing\"", bodies[refused], StringComparison.Ordinal);
            await second.WaitForMetricAsync("mine_alerts_sent_total", 1);
            await Task.Delay(2500);
            Assert.Equal(refused + 1, receiver.BodiesOf("/down").Count);
            using var after = JsonDocument.Parse(await second.Http.GetStringAsync("/api/alerts"));
            Assert.True(after.RootElement.GetProperty("firing")[0].GetProperty("delivered").GetBoolean());
        }
        finally
        {
            if (Directory.Exists(data)) // the second server deletes it when all went well
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_silenced_host_sends_nothing_records_an_event_and_is_sent_once_the_silence_is_deleted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await MineTestServer.StartAsync(settings: FastAlerts(receiver, "/hook"));
        var silence = new { host = "web-002", duration = "1h", comment = "maintenance" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.PostAsJsonAsync("/api/alerts/silences", silence)).StatusCode);
        var created = await server.Admin.PostAsJsonAsync("/api/alerts/silences", silence);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Admin.PostAsJsonAsync("/api/alerts/silences", new { duration = "1h" })).StatusCode);

        await server.SendPlaintextAsync($"web-002.load.load.shortterm 1 {Now}\n");
        await server.WaitForMetricAsync("mine_alerts_silenced_total", 1);
        await Task.Delay(1500);
        Assert.Empty(receiver.Requests);
        var events = await server.Http.GetStringAsync("/events/get_data?tags=alert+silenced&from=-1h");
        Assert.Contains($"silenced by {id}: host web-002", events, StringComparison.Ordinal);
        using (var api = JsonDocument.Parse(await server.Http.GetStringAsync("/api/alerts")))
        {
            var firing = api.RootElement.GetProperty("firing").EnumerateArray().Single();
            Assert.Equal((id, false), (firing.GetProperty("silencedBy").GetString(), firing.GetProperty("sent").GetBoolean()));
            Assert.Equal("maintenance", api.RootElement.GetProperty("silences")[0].GetProperty("comment").GetString());
        }

        // Silences are kept in the data folder.
        Assert.Contains(id, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "alert-silences.json")), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.DeleteAsync($"/api/alerts/silences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Admin.DeleteAsync($"/api/alerts/silences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.DeleteAsync($"/api/alerts/silences/{id}")).StatusCode);
        var sent = await WaitAsync(receiver, server, "/hook", 1);

        Assert.Contains("\"host\":\"web-002\"", sent[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threshold_rule_fires_from_plaintext_points_that_held_its_condition_for_its_for()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var rules = Path.Combine(Path.GetTempPath(), $"mine-rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(rules, """
            {"rules": [
              {"name": "web requests low", "target": "sumSeries(web-*.nginx.nginx_requests)", "condition": "< 100", "for": "5m"},
              {"name": "web requests high", "target": "sumSeries(web-*.nginx.nginx_requests)", "condition": "> 1000", "for": "1m"},
              {"name": "one host low", "target": "web-*.nginx.nginx_requests", "condition": "< 25", "for": "5m"}
            ]}
            """);
        try
        {
            var settings = FastAlerts(receiver, "/hook");
            settings["Mine:Alerts:StaleHosts"] = "false";
            settings["Mine:Alerts:RulesFile"] = rules;

            // The loop evaluates at start only; the test evaluates once every point is stored, so that an
            // evaluation in the middle of the ingest (one host's points only) cannot make the first message.
            settings["Mine:Alerts:EvaluateSeconds"] = "3600";
            await using var server = await MineTestServer.StartAsync(settings: settings);
            await server.WaitForMetricAsync("mine_alerts_evaluations_total", 1); // the loop's own, before any point

            // Two hosts at 20 and 30 requests/s for the last ten minutes: the sum, 50, has been under 100 all along.
            var now = Now - (Now % 60);
            var text = new StringBuilder();
            for (var minute = 10; minute >= 0; minute--)
            {
                text.Append(CultureInfo.InvariantCulture, $"web-001.nginx.nginx_requests 20 {now - (minute * 60)}\nweb-002.nginx.nginx_requests 30 {now - (minute * 60)}\n");
            }

            await server.SendPlaintextAsync(text.ToString());
            await server.WaitForMetricAsync("mine_points_ingested_total", 22);
            var alertService = server.Services.GetRequiredService<AlertService>();
            await Task.Run(() => alertService.EvaluateOnce(CancellationToken.None));
            var bodies = await WaitAsync(receiver, server, "/hook", 1);
            using var body = JsonDocument.Parse(bodies[0]);
            var alerts = body.RootElement.GetProperty("alerts").EnumerateArray().ToList();
            var sum = alerts.Single(a => a.GetProperty("subject").GetString() == "web requests low");
            Assert.Equal(("rule", "firing", 50.0), (sum.GetProperty("kind").GetString(), sum.GetProperty("state").GetString(), sum.GetProperty("value").GetDouble()));
            Assert.Equal(now - 600, sum.GetProperty("since").GetInt64());
            Assert.Equal(JsonValueKind.Null, sum.GetProperty("host").ValueKind);

            // One series of a host: the alert knows its host and group.
            var host = alerts.Single(a => a.GetProperty("subject").GetString() == "one host low");
            Assert.Equal(("web-001", "web"), (host.GetProperty("host").GetString(), host.GetProperty("group").GetString()));
            Assert.Equal(2, alerts.Count);
            using var api = JsonDocument.Parse(await server.Http.GetStringAsync("/api/alerts"));
            Assert.Equal(3, api.RootElement.GetProperty("rules").GetArrayLength());
        }
        finally
        {
            File.Delete(rules);
        }
    }

    [Fact]
    public void A_bad_rule_stops_the_start_with_one_line_naming_the_file_the_rule_and_the_fix()
    {
        var rules = Path.Combine(Path.GetTempPath(), $"mine-rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(rules, """{"rules": [{"name": "low", "target": "sumSerie(a.b)", "condition": "< 1"}]}""");
        try
        {
            var problem = Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--alert-rules", rules));
            Assert.Equal($"--alert-rules {rules} (Mine:Alerts:RulesFile): rule 1 'low': the target calls 'sumSerie', which is not a function Mine knows (did you mean sumSeries?); GET /functions lists them", problem);
        }
        finally
        {
            File.Delete(rules);
        }
    }
}

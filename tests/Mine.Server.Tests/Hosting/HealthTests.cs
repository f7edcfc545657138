using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mine.Core.Health;
using Mine.Events;
using Mine.Fleet;
using Mine.Hosting;

namespace Mine.Server.Tests.Hosting;

/// <summary>/health and /_internal/metrics show every loop; a stalled or dead loop turns /health 503.</summary>
public class HealthTests
{
    [Fact]
    public async Task Health_is_ok_with_a_line_per_loop_when_all_is_well()
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("ok", text, StringComparison.Ordinal);
        foreach (var loop in new[] { "ingest-writer", "storage-flush", "storage-maintenance", "plaintext-tcp-listener", "plaintext-udp-listener", "pickle-tcp-listener", "collectd-udp-listener", "fleet-snapshot", "landmine-refresher" })
        {
            Assert.Contains($"loop {loop}: ", text, StringComparison.Ordinal);
            Assert.Equal(1, await server.MetricAsync($"mine_loop_up{{loop=\"{loop}\"}}"));
        }
    }

    [Fact]
    public async Task A_stalled_loop_turns_health_503_naming_it_and_liveness_too()
    {
        await using var server = await MineTestServer.StartAsync();
        var stuck = new LoopHealth("stuck-loop", TimeSpan.FromMilliseconds(50));
        stuck.Beat();
        server.Services.GetRequiredService<LoopRegistry>().Register(stuck, LoopImportance.Auxiliary);
        await IngestWaits.UntilAsync(async () => (await server.Http.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable);
        var response = await server.Http.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("unhealthy: stuck-loop: stalled", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(0, await server.MetricAsync("mine_loop_up{loop=\"stuck-loop\"}"));
    }

    [Fact]
    public async Task A_failing_auxiliary_loop_keeps_health_200_and_says_so()
    {
        await using var server = await MineTestServer.StartAsync();
        var side = new LoopHealth("side-writer", TimeSpan.FromMinutes(5));
        side.Failed("cannot write: No space left on device");
        server.Services.GetRequiredService<LoopRegistry>().Register(side, LoopImportance.Auxiliary);
        var response = await server.Http.GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("loop side-writer: failing since", text, StringComparison.Ordinal);
        Assert.Equal(1, await server.MetricAsync("mine_loop_failing{loop=\"side-writer\"}"));
    }

    [Fact]
    public async Task A_failing_critical_loop_makes_health_503_degraded_but_liveness_200()
    {
        await using var server = await MineTestServer.StartAsync();
        var accept = new LoopHealth("critical-thing", TimeSpan.FromMinutes(5));
        accept.Failed("accept failed: TooManyOpenSockets");
        server.Services.GetRequiredService<LoopRegistry>().Register(accept, LoopImportance.Critical);
        var response = await server.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("degraded: critical-thing: failing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_whole_metrics_page_passes_promtool()
    {
        if (Promtool() is not { } promtool)
        {
            return;
        }

        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:SelfMetricsIntervalSeconds"] = "1",
            ["Mine:ForwardListen"] = "127.0.0.1:0",
        });
        await server.SendPlaintextAsync($"a.b 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\nbad line\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);
        var text = await server.Http.GetStringAsync("/_internal/metrics");
        await AssertPromtoolAcceptsAsync(promtool, text);
        Assert.Contains("mine_loop_seconds_since_beat{loop=\"ingest-writer\"}", text, StringComparison.Ordinal);
        Assert.Contains("mine_forward_chunks_stored_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_relays_metrics_page_passes_promtool()
    {
        if (Promtool() is not { } promtool)
        {
            return;
        }

        var buffer = Path.Combine(Path.GetTempPath(), "mine-relay-metrics-" + Guid.NewGuid().ToString("N"));
        var relay = Mine.Relaying.RelayServer.Build(new Dictionary<string, string?>
        {
            ["Mine:Http"] = "127.0.0.1:0",
            ["Mine:Plaintext"] = "off",
            ["Mine:Pickle"] = "off",
            ["Mine:Collectd"] = "off",
            ["Mine:ForwardListen"] = "127.0.0.1:0",
            ["Mine:SelfMetricsIntervalSeconds"] = "0",
            ["Mine:Relay:Buffer"] = buffer,
            ["Mine:Relay:ForwardTo:0"] = "127.0.0.1:9", // nobody listens: the destination's families show its retries
            ["Mine:Relay:CarbonTo:0"] = "127.0.0.2:9",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await relay.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(relay.Urls.First()) };
            var text = await http.GetStringAsync("/_internal/metrics");
            await AssertPromtoolAcceptsAsync(promtool, text);
            Assert.Contains("mine_relay_points_buffered_total", text, StringComparison.Ordinal);
            Assert.Contains("mine_relay_destination_oldest_unsent_seconds{destination=\"127.0.0.1:9\"}", text, StringComparison.Ordinal);
            Assert.Contains("mine_forward_connections_total", text, StringComparison.Ordinal);
        }
        finally
        {
            await relay.StopAsync();
            await relay.DisposeAsync();
            Directory.Delete(buffer, recursive: true);
        }
    }

    /// <summary>promtool's path; null locally when it is missing (CI fails instead: .ci/run installs it).</summary>
    private static string? Promtool()
    {
        var promtool = FindOnPath("promtool");
        Assert.False(promtool is null && Environment.GetEnvironmentVariable("CI") == "true", "promtool is missing: install Debian's 'prometheus' package (.ci/run does)");
        return promtool;
    }

    private static async Task AssertPromtoolAcceptsAsync(string promtool, string text)
    {
        var start = new ProcessStartInfo(promtool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("metrics");
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = await process.StandardOutput.ReadToEndAsync(deadline.Token) + await process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"promtool check metrics failed:\n{output}");
    }

    [Fact]
    public async Task A_fleet_snapshot_that_cannot_be_written_is_a_failing_loop_not_a_crash()
    {
        var data = Path.Combine(Path.GetTempPath(), "mine-fleet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var fleet = new FleetRegistry(data, new FleetRules());
            fleet.Seen("web-001", "load", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            Directory.CreateDirectory(Path.Combine(data, "fleet.json.tmp")); // the temporary file cannot be created
            using var events = new EventStore(data);
            var registry = new LoopRegistry();
            var snapshotter = new FleetSnapshotter(fleet, events, new LoopSupervisor(registry, Microsoft.Extensions.Logging.Abstractions.NullLogger<LoopSupervisor>.Instance),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<FleetSnapshotter>.Instance);
            await snapshotter.StopAsync(CancellationToken.None); // saves once, as at shutdown
            Assert.Equal(LoopState.Failing, snapshotter.Health.Snapshot().State);

            Directory.Delete(Path.Combine(data, "fleet.json.tmp"));
            await snapshotter.StopAsync(CancellationToken.None);
            Assert.Equal(LoopState.Running, snapshotter.Health.Snapshot().State);
            Assert.Contains("web-001", await File.ReadAllTextAsync(Path.Combine(data, "fleet.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void An_event_the_disk_refuses_is_kept_in_memory_and_written_when_retried()
    {
        var data = Path.Combine(Path.GetTempPath(), "mine-events-" + Guid.NewGuid().ToString("N"));
        try
        {
            var full = true;
            using var events = new EventStore(data, path => full ? new FileStream("/dev/full", FileMode.Open, FileAccess.Write) : EventStore.OpenAppendFile(path));
            var added = events.Add(1700000000, "deploy", "v2", ["release"]);
            Assert.Single(events.Query(0, 2e9, []));
            Assert.Equal(LoopState.Failing, events.Health.Snapshot().State);

            full = false;
            events.RetryFailedWrites();
            Assert.Equal(LoopState.Running, events.Health.Snapshot().State);
            Assert.Contains("\"deploy\"", File.ReadAllText(Path.Combine(data, "events.jsonl")), StringComparison.Ordinal);
            Assert.Equal(1, added.Id);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// <c>--buffer-limit</c> and both <c>--overflow</c> policies with real processes: a <c>mine relay</c> with a 2 MiB
/// buffer of 1 MiB chunks whose destination (<c>mine serve --forward-listen</c>) is not running yet, fed more
/// plaintext than the buffer holds over one TCP connection; then serve comes up.
/// </summary>
public sealed class BufferLimitRelayProcessTests : IDisposable
{
    private const int Series = 1000;
    private const int Steps = 600;
    private const int Points = Series * Steps; // ~24 MB of plaintext, ~19 MB of records: ten times the limit
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-limit-").FullName;
    private readonly long _base = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - ((Steps + 10) * 60L);
    private long _written;

    public void Dispose() => RelayE2E.DeleteQuietly(_root);

    [Fact]
    public async Task With_overflow_block_a_full_buffer_stops_reading_the_sender_drops_nothing_and_delivers_everything_once_serve_is_up()
    {
        var forward = RelayLauncher.FreePort();
        using var relay = await StartRelayAsync(forward, "block");
        var sender = Task.Run(() => SendAsync(relay.PlaintextPort));

        // The sender's writes stop completing (for 3 s, while the relay says an append waits): the relay stopped
        // reading and TCP pushed back.
        var (stalledAt, since) = (-1L, DateTime.UtcNow);
        await RelayE2E.EventuallyAsync(async () =>
        {
            var written = Interlocked.Read(ref _written);
            if (written != stalledAt)
            {
                (stalledAt, since) = (written, DateTime.UtcNow);
            }

            return DateTime.UtcNow - since > TimeSpan.FromSeconds(3)
                && await relay.MetricAsync($"mine_relay_destination_appends_blocked_total{{destination=\"127.0.0.1:{forward}\"}}") > 0;
        }, TimeSpan.FromSeconds(90), () => Task.FromResult($"the sender kept writing ({Interlocked.Read(ref _written):N0} bytes)\n{relay.Output}"));

        Assert.False(sender.IsCompleted, $"the sender finished ({sender.Status}) although the buffer holds a tenth of its points");
        Assert.True(Interlocked.Read(ref _written) < Text.Length, "every byte was written");
        var page = await relay.Http.GetStringAsync("/_internal/metrics");
        Assert.Equal(0, RelayLauncher.Metric(page, "mine_relay_points_dropped_total"));
        Assert.True(RelayLauncher.Metric(page, $"mine_relay_destination_appends_blocked_total{{destination=\"127.0.0.1:{forward}\"}}") > 0);
        Assert.True(RelayLauncher.Metric(page, "mine_relay_buffer_bytes") <= 2 << 20);
        Assert.True(RelayLauncher.Metric(page, "mine_relay_points_buffered_total") < Points);
        var health = await relay.Http.GetAsync("/health");
        var report = await health.Content.ReadAsStringAsync();
        Assert.False(health.IsSuccessStatusCode, report);
        Assert.Contains("buffer full", report, StringComparison.Ordinal);
        Assert.Contains("input blocked", report, StringComparison.Ordinal);

        using var serve = await MineProcess.StartAsync(Path.Combine(_root, "data"), settings: new Dictionary<string, string> { ["MINE__FORWARDLISTEN"] = $"127.0.0.1:{forward}" });
        await sender.WaitAsync(TimeSpan.FromSeconds(120));
        await RelayE2E.EventuallyAsync(async () => await serve.MetricAsync("mine_forward_points_stored_total") >= Points,
            TimeSpan.FromSeconds(120), async () => $"serve stored {await serve.MetricAsync("mine_forward_points_stored_total")} of {Points}\n{relay.Output}");

        Assert.Equal(Points, await serve.MetricAsync("mine_forward_points_stored_total"));
        Assert.Equal(Points, await relay.MetricAsync("mine_relay_points_acknowledged_total"));
        Assert.Equal(0, await relay.MetricAsync("mine_relay_points_dropped_total"));
        await AssertSampleAsync(serve, firstStep: 0);
        Assert.True((await relay.Http.GetAsync("/health")).IsSuccessStatusCode, await relay.Http.GetStringAsync("/health/live"));
    }

    [Fact]
    public async Task With_overflow_drop_oldest_the_sender_never_waits_and_the_points_dropped_are_exactly_those_serve_never_gets()
    {
        var forward = RelayLauncher.FreePort();
        using var relay = await StartRelayAsync(forward, "drop-oldest");

        await SendAsync(relay.PlaintextPort).WaitAsync(TimeSpan.FromSeconds(90));
        await RelayE2E.EventuallyAsync(async () => await relay.MetricAsync("mine_listener_accepted_total{protocol=\"plaintext\",transport=\"tcp\"}") == Points,
            TimeSpan.FromSeconds(30), () => Task.FromResult(relay.Output));
        var dropped = await relay.MetricAsync("mine_relay_points_dropped_total");
        Assert.True(dropped > 0, relay.Output);
        Assert.Equal(0, await relay.MetricAsync($"mine_relay_destination_appends_blocked_total{{destination=\"127.0.0.1:{forward}\"}}"));

        using var serve = await MineProcess.StartAsync(Path.Combine(_root, "data"), settings: new Dictionary<string, string> { ["MINE__FORWARDLISTEN"] = $"127.0.0.1:{forward}" });
        var destination = $"{{destination=\"127.0.0.1:{forward}\"}}";
        await RelayE2E.EventuallyAsync(async () => await relay.MetricAsync($"mine_relay_destination_points_queued{destination}") == 0
                && await relay.MetricAsync("mine_relay_points_acknowledged_total") == await serve.MetricAsync("mine_forward_points_stored_total"),
            TimeSpan.FromSeconds(120), async () => $"{await relay.MetricAsync($"mine_relay_destination_points_queued{destination}")} points still queued\n{relay.Output}");

        var stored = await serve.MetricAsync("mine_forward_points_stored_total");
        dropped = await relay.MetricAsync("mine_relay_points_dropped_total");
        Assert.Equal(Points, stored + dropped);
        Assert.True(stored >= 50_000, $"only {stored} points delivered: the buffer should have kept about 2 MiB of them");
        // The oldest went: the first minute is gone, the last one is there, exact.
        var first = await RelayE2E.RenderAsync(serve.Http, "relay.limit.s[0-9]", _base - 60, _base + 30);
        Assert.Equal(0, first.Values.Sum(p => p.Count));
        await AssertSampleAsync(serve, firstStep: Steps - 1);
        // What was dropped is said (a line per destination per 10 s at most, so the drops after the first line are
        // summed into a later one).
        await RelayE2E.EventuallyAsync(() => Task.FromResult(relay.Output.Contains($"buffer full: 127.0.0.1_{forward}: dropped ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), () => Task.FromResult(relay.Output));
        Assert.DoesNotContain("nothing queued was left to drop", relay.Output, StringComparison.Ordinal); // never the newest
    }

    public BufferLimitRelayProcessTests() => Text = MakeText();

    /// <summary>Every point as plaintext, minute by minute, each minute all the series.</summary>
    private string Text { get; }

    private string MakeText()
    {
        var text = new StringBuilder(Points * 42);
        for (var t = 0; t < Steps; t++)
        {
            for (var s = 0; s < Series; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"relay.limit.s{s} {Value(s, t).ToString("R", CultureInfo.InvariantCulture)} {_base + (t * 60L)}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Thousandths that follow no pattern zstd sees, so a chunk compresses to about 10 bytes a point.</summary>
    private static double Value(int series, int step) => (series * 1000) + step + (((series * 7919) + (step * 104_729)) % 1000 / 1000.0);

    private Task<RelayLauncher> StartRelayAsync(int forward, string overflow) =>
        RelayLauncher.StartAsync(["--buffer", Path.Combine(_root, "buffer"), "--buffer-limit", "2M", "--overflow", overflow, "--forward-to", $"127.0.0.1:{forward}", "--flush-interval", "0.2"],
            new Dictionary<string, string> { ["MINE__RELAY__CHUNKLIMITMIB"] = "1" });

    /// <summary>The whole text over one connection, 64 KiB a write, counting what was written.</summary>
    private async Task SendAsync(int port)
    {
        var bytes = Encoding.ASCII.GetBytes(Text);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        for (var at = 0; at < bytes.Length; at += 65536)
        {
            var length = Math.Min(65536, bytes.Length - at);
            await stream.WriteAsync(bytes.AsMemory(at, length));
            Interlocked.Add(ref _written, length);
        }

        client.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Series s0 to s9, every step from <paramref name="firstStep"/> on, exact.</summary>
    private async Task AssertSampleAsync(MineProcess serve, int firstStep)
    {
        var expected = from s in Enumerable.Range(0, 10) from t in Enumerable.Range(firstStep, Steps - firstStep) select ($"relay.limit.s{s}", _base + (t * 60L), Value(s, t));
        var rendered = await RelayE2E.RenderAsync(serve.Http, "relay.limit.s[0-9]", _base + (firstStep * 60L) - 1, _base + (Steps * 60L));
        var problems = RelayE2E.Differences(expected, rendered);
        Assert.True(problems.Count == 0, $"{problems.Count} points wrong: {string.Join(", ", problems.Take(10))}");
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mine.Server.Tests.Differential;
using Mine.Whisper.Format;
using Mine.Whisper.Reading;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// <c>mine relay --carbon-to</c> feeding a real carbon-cache (Debian's graphite-carbon, started with graphite-web by
/// <see cref="GraphiteReference"/>): the points land in whisper with their exact values, read back through
/// graphite-web's /render, in pickle and in plaintext; and carbon-cache stopped in the middle of a stream loses
/// nothing: what is sent meanwhile waits in the relay's disk buffer and arrives once it is back.
/// </summary>
public sealed class CarbonRelayProcessTests(CarbonRelayProcessTests.Carbon carbon) : IClassFixture<CarbonRelayProcessTests.Carbon>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-carbon-").FullName;
    private readonly long _base = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - (3 * 3600);

    public void Dispose() => RelayE2E.DeleteQuietly(_root);

    [GraphiteFact]
    public async Task Points_relayed_in_pickle_reach_carbon_cache_and_read_back_exact_through_graphite_web()
    {
        var graphite = await carbon.GetAsync();
        using var relay = await StartRelayAsync(graphite.CarbonPort + 1, "pickle");
        var points = Points("relay.pickle", 10, 10);

        await RelayE2E.SendLinesAsync(relay.PlaintextPort, points.Select(p => RelayE2E.Line(p.Name, p.Value, p.Time)));

        await AssertArrivesAsync(graphite, relay, "relay.pickle.*", points);
    }

    [GraphiteFact]
    public async Task Points_relayed_in_plaintext_reach_carbon_cache_and_read_back_exact_through_graphite_web()
    {
        var graphite = await carbon.GetAsync();
        using var relay = await StartRelayAsync(graphite.CarbonPort, "plaintext");
        var points = Points("relay.plain", 10, 10);

        await RelayE2E.SendLinesAsync(relay.PlaintextPort, points.Select(p => RelayE2E.Line(p.Name, p.Value, p.Time)));

        await AssertArrivesAsync(graphite, relay, "relay.plain.*", points);
    }

    [GraphiteFact]
    public async Task Points_sent_while_carbon_cache_is_stopped_wait_on_disk_and_arrive_when_it_is_back()
    {
        var graphite = await carbon.GetAsync();
        using var relay = await StartRelayAsync(graphite.CarbonPort + 1, "pickle");
        var destination = $"{{destination=\"127.0.0.1:{graphite.CarbonPort + 1}\"}}";
        var points = Points("relay.restart", 10, 80);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, relay.PlaintextPort);

        // A steady stream over one connection, a minute of the ten series every 100 ms: 30 minutes while carbon is up
        // (until they are in its whisper files: what carbon-cache holds in memory when it stops is its to lose), 30
        // while it is stopped, 20 once it is back.
        await StreamAsync(client, points, 0, 30);
        await RelayE2E.EventuallyAsync(() => Task.FromResult(InWhisper(graphite, "relay.restart", 10, 30)), TimeSpan.FromSeconds(60),
            () => Task.FromResult($"carbon-cache did not write the first 30 minutes\n{relay.Output}\ncarbon:\n{carbon.Log()}"));
        await carbon.StopCarbonAsync();
        await StreamAsync(client, points, 30, 60);
        await RelayE2E.EventuallyAsync(async () => await relay.MetricAsync($"mine_relay_destination_points_queued{destination}") == 300,
            TimeSpan.FromSeconds(30), async () => $"{await relay.MetricAsync($"mine_relay_destination_points_queued{destination}")} points queued\n{relay.Output}");
        Assert.Equal(0, await relay.MetricAsync($"mine_relay_destination_up{destination}"));
        Assert.Contains("the chunks wait in the buffer", relay.Output, StringComparison.Ordinal);
        await carbon.StartCarbonAsync();
        await StreamAsync(client, points, 60, 80);
        client.Client.Shutdown(SocketShutdown.Send);

        await AssertArrivesAsync(graphite, relay, "relay.restart.*", points);
        Assert.Contains("sending the backlog", relay.Output, StringComparison.Ordinal);
    }

    /// <summary>Sends minutes <paramref name="from"/> to <paramref name="until"/> − 1, one every 100 ms.</summary>
    private async Task StreamAsync(TcpClient client, List<(string Name, long Time, double Value)> points, int from, int until)
    {
        for (var t = from; t < until; t++)
        {
            var text = string.Concat(points.Where(p => p.Time == _base + (t * 60L)).Select(p => RelayE2E.Line(p.Name, p.Value, p.Time) + "\n"));
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text));
            await Task.Delay(100);
        }
    }

    /// <summary>Whether carbon-cache's whisper files (read from disk, not through its cache) hold the first
    /// <paramref name="steps"/> minutes of every series, exact.</summary>
    private bool InWhisper(GraphiteReference graphite, string prefix, int series, int steps)
    {
        var points = new ArchivePoints();
        for (var s = 0; s < series; s++)
        {
            var file = Path.Combine([graphite.WhisperDirectory, .. prefix.Split('.'), $"s{s}.wsp"]);
            try
            {
                using var whisper = WhisperFile.Open(file);
                whisper.ReadArchive(0, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), points);
            }
            catch (Exception ex) when (ex is IOException or WhisperFormatException)
            {
                return false; // not created yet, or being written
            }

            var values = new Dictionary<long, double>();
            for (var i = 0; i < points.Count; i++)
            {
                values[points.Times[i]] = points.Values[i];
            }

            for (var t = 0; t < steps; t++)
            {
                if (!values.TryGetValue(_base + (t * 60L), out var value) || value != (s * 1000) + t + 0.125)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private Task<RelayLauncher> StartRelayAsync(int carbonPort, string protocol) =>
        RelayLauncher.StartAsync(["--buffer", Path.Combine(_root, "buffer"), "--carbon-to", $"127.0.0.1:{carbonPort}", "--carbon-protocol", protocol, "--flush-interval", "0.2"]);

    private List<(string Name, long Time, double Value)> Points(string prefix, int series, int steps) =>
        [.. from t in Enumerable.Range(0, steps) from s in Enumerable.Range(0, series) select ($"{prefix}.s{s}", _base + (t * 60L), (s * 1000) + t + 0.125)];

    /// <summary>Waits until graphite-web renders every point with its value (carbon writes whisper asynchronously;
    /// graphite-web also asks carbon-cache for what it has not written yet), and no other point.</summary>
    private async Task AssertArrivesAsync(GraphiteReference graphite, RelayLauncher relay, string target, List<(string Name, long Time, double Value)> points)
    {
        List<string> problems = [];
        await RelayE2E.EventuallyAsync(async () =>
        {
            var rendered = await RelayE2E.RenderAsync(graphite.Http!, target, _base - 60, _base + (3 * 3600), "&noCache=1");
            problems = RelayE2E.Differences(points, rendered);
            problems.AddRange(rendered.Values.Sum(p => p.Count) is var count && count != points.Count ? [$"{count} points rendered, {points.Count} sent"] : []);
            return problems.Count == 0;
        }, TimeSpan.FromSeconds(60), () => Task.FromResult($"{problems.Count} problems: {string.Join(", ", problems.Take(10))}\nrelay:\n{relay.Output}\ncarbon:\n{carbon.Log()}"));
        Assert.Equal(0, await relay.MetricAsync("mine_relay_points_dropped_total"));
    }

    /// <summary>carbon-cache and graphite-web, started once for the class by the first test that runs (not at all
    /// when every test is skipped), stopped at the end.</summary>
    public sealed class Carbon : IAsyncLifetime
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "mine-relay-carbon-" + Guid.NewGuid().ToString("N"));
        private readonly Lazy<Task<GraphiteReference>> _graphite;

        public Carbon() => _graphite = new Lazy<Task<GraphiteReference>>(StartAsync);

        internal Task<GraphiteReference> GetAsync() => _graphite.Value;

        /// <summary>SIGTERM to carbon-cache, as its init script does; returns once the process is gone.</summary>
        public async Task StopCarbonAsync()
        {
            var graphite = await GetAsync();
            var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(graphite.Directory, "run", "carbon.pid"))).Trim(), CultureInfo.InvariantCulture);
            var (code, output) = await GraphiteReference.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            Assert.True(code == 0, output);
            await RelayE2E.EventuallyAsync(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(30), () => Task.FromResult(Log()));
        }

        /// <summary>Starts carbon-cache again with the same configuration; returns once its pickle port answers.</summary>
        public async Task StartCarbonAsync()
        {
            var graphite = await GetAsync();
            var (code, output) = await GraphiteReference.RunAsync("carbon-cache",
                [$"--config={Path.Combine(graphite.Directory, "conf", "carbon.conf")}", $"--pidfile={Path.Combine(graphite.Directory, "run", "carbon.pid")}", "start"], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, $"carbon-cache start: {code}\n{output}");
            await RelayE2E.EventuallyAsync(async () =>
            {
                using var probe = new TcpClient();
                try
                {
                    await probe.ConnectAsync(IPAddress.Loopback, graphite.CarbonPort + 1);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), () => Task.FromResult(Log()));
        }

        /// <summary>The end of carbon-cache's console log, for failure messages.</summary>
        public string Log()
        {
            var log = Path.Combine(_root, "log", "carbon-cache-a", "console.log");
            return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no carbon console.log)";
        }

        Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

        async Task IAsyncLifetime.DisposeAsync()
        {
            if (_graphite.IsValueCreated)
            {
                try
                {
                    await (await _graphite.Value).DisposeAsync();
                }
                catch (InvalidOperationException)
                {
                    // it did not start; its test has said why
                }
            }

            RelayE2E.DeleteQuietly(_root);
        }

        private async Task<GraphiteReference> StartAsync()
        {
            var graphite = new GraphiteReference(DifferentialEnvironment.SourceDirectory, _root);
            try
            {
                await graphite.StartAsync(Path.Combine(DifferentialEnvironment.SourceDirectory, "storage-schemas.conf"), Path.Combine(DifferentialEnvironment.SourceDirectory, "storage-aggregation.conf"));
                return graphite;
            }
            catch
            {
                await graphite.DisposeAsync();
                throw;
            }
        }
    }
}

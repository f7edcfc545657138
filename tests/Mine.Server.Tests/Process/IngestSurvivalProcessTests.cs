using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mine.TestKit.Graphite;
using Xunit.Abstractions;

namespace Mine.Server.Tests.Process;

/// <summary>The real <c>mine serve</c> process: the original bug (a name with an empty component killed ingest),
/// a connection storm beyond the open-files limit, and memory after a pickle storm.</summary>
public sealed class IngestSurvivalProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "mine-survival-" + Guid.NewGuid().ToString("N"));

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Names_with_empty_components_are_stored_repaired_ingest_goes_on_and_all_survives_a_restart()
    {
        int httpPort, plaintextPort;
        var now = Now;
        using (var mine = await MineProcess.StartAsync(_data, pickle: true))
        {
            httpPort = mine.HttpPort;
            plaintextPort = mine.PlaintextPort;
            await MineProcess.SendAsync(mine.PlaintextPort, Encoding.ASCII.GetBytes($"dots..x 1 {now}\n.lead 2 {now}\ntrail. 3 {now}\nstats..timers.api 4 {now}\n"));
            await MineProcess.SendAsync(mine.PicklePort!.Value, PickleFrameWriter.Frame([.. new[] { "p..x", ".plead", "ptrail.", "pstats..timers.api" }.Select((n, i) => (Encoding.ASCII.GetBytes(n), (int)now, (double)(i + 1)))]));
            await MineProcess.SendAsync(mine.PlaintextPort, Encoding.ASCII.GetBytes($"after.the.bug 5 {now}\n"));
            await mine.WaitForMetricAsync("mine_points_ingested_total", 9);
            await AssertStoredAsync(mine.Http, ["dots.x", "lead", "trail", "stats.timers.api", "p.x", "plead", "ptrail", "pstats.timers.api", "after.the.bug"]);
            // A clean stop: 0, or 143 (128 + SIGTERM) as System.CommandLine reports a terminated command; never the
            // codes of a failed start (2) or a dead loop (3).
            Assert.Contains(await mine.StopAsync(), new[] { 0, 143 });
        }

        using var restarted = await MineProcess.StartAsync(_data, httpPort, plaintextPort);
        await AssertStoredAsync(restarted.Http, ["dots.x", "lead", "trail", "stats.timers.api", "p.x", "after.the.bug"]);
        await MineProcess.SendAsync(restarted.PlaintextPort, Encoding.ASCII.GetBytes($"dots..x 6 {now + 60}\nstill.ingesting 7 {now}\n"));
        await restarted.WaitForMetricAsync("mine_points_ingested_total", 2);
        await AssertStoredAsync(restarted.Http, ["still.ingesting"]);
    }

    [Fact]
    public async Task A_connection_storm_beyond_the_open_files_limit_leaves_the_server_up_and_ingesting()
    {
        // A cap far above the limit on purpose: Mine lowers it to what the open files allow (and says so), so the
        // storm is refused at the cap; at the limit itself the runtime would end the process when it next needs a file.
        using var mine = await MineProcess.StartAsync(_data, openFilesLimit: 256, settings: new Dictionary<string, string>
        {
            ["MINE__MAXCONNECTIONS"] = "100000",
            ["MINE__MAXCONNECTIONSPERSOURCE"] = "0",
        });
        await StormAsync(mine, mine.PlaintextPort);
        await WaitForHealthyAsync(mine);
        Assert.Contains("Mine:MaxConnections lowered from 100000 to ", mine.Output, StringComparison.Ordinal);
        Assert.True(await mine.MetricAsync("mine_listener_connections_refused_total{protocol=\"plaintext\",transport=\"tcp\",reason=\"total_full\"}") > 0, mine.Output);
        await MineProcess.SendAsync(mine.PlaintextPort, Encoding.ASCII.GetBytes($"canary.after.storm 42 {Now}\n"));
        await mine.WaitForMetricAsync("mine_points_ingested_total", 1);
        await AssertStoredAsync(mine.Http, ["canary.after.storm"]);
        Assert.False(mine.HasExited);
    }

    /// <summary>1,000 connections to <paramref name="port"/> in waves of 100, held open until all were tried, then
    /// closed; the server must still be running.</summary>
    private static async Task StormAsync(MineProcess mine, int port)
    {
        var clients = new List<Socket>();
        try
        {
            for (var wave = 0; wave < 10; wave++)
            {
                var connects = Enumerable.Range(0, 100).Select(async _ =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    lock (clients)
                    {
                        clients.Add(socket);
                    }

                    try
                    {
                        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(TimeSpan.FromSeconds(2));
                    }
                    catch (Exception ex) when (ex is SocketException or TimeoutException)
                    {
                        // Beyond the listen backlog the kernel stops answering: expected in a storm.
                    }
                });
                await Task.WhenAll(connects);
            }

            Assert.False(mine.HasExited, mine.Output);
        }
        finally
        {
            lock (clients)
            {
                clients.ForEach(static s => s.Dispose());
            }
        }
    }

    [Fact]
    public async Task Memory_held_by_a_storm_of_unfinished_pickle_frames_is_given_back()
    {
        using var mine = await MineProcess.StartAsync(_data, pickle: true, settings: new Dictionary<string, string> { ["MINE__CONNECTIONBUFFERBUDGETMIB"] = "128" });
        var now = (int)Now;
        var frame = PickleFrameWriter.Frame(Enumerable.Range(0, 19_000).Select(i => (Encoding.ASCII.GetBytes($"storm.series.number{i:D6}"), now, (double)i)));
        await MineProcess.SendAsync(mine.PicklePort!.Value, frame);
        await mine.WaitForMetricAsync("mine_points_ingested_total", 19_000);
        await Task.Delay(2000); // let start-up work settle before the baseline (a measurement, not an assertion)
        var baseline = mine.ResidentBytes();

        var unfinished = frame.AsMemory(0, frame.Length - 100);
        var clients = new List<TcpClient>();
        long peak;
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await client.ConnectAsync(IPAddress.Loopback, mine.PicklePort!.Value);
                try
                {
                    await client.GetStream().WriteAsync(unfinished);
                }
                catch (IOException)
                {
                    // Closed by the budget: counted below.
                }
            }

            await mine.WaitForMetricAsync("mine_tcp_buffer_bytes", 100 << 20);
            await mine.WaitForMetricAsync("mine_listener_buffer_budget_closed_total{protocol=\"pickle\",transport=\"tcp\"}", 1);
            peak = mine.ResidentBytes();
        }
        finally
        {
            clients.ForEach(static c => c.Dispose());
        }

        await mine.WaitForMetricAsync("mine_tcp_buffer_bytes", 0, below: true);
        var deadline = Environment.TickCount64 + 30_000;
        long after;
        while ((after = mine.ResidentBytes()) > baseline + (96L << 20) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(200);
        }

        var closed = await mine.MetricAsync("mine_listener_buffer_budget_closed_total{protocol=\"pickle\",transport=\"tcp\"}");
        output.WriteLine($"RSS baseline {baseline >> 20} MiB, during the storm {peak >> 20} MiB, after {after >> 20} MiB; {closed} connections closed by the budget");
        Assert.True(closed > 0, "300 frames of 0.9 MiB cannot all fit in a 128 MiB budget");
        Assert.True(after <= baseline + (96L << 20), $"RSS stayed at {after >> 20} MiB after the storm (baseline {baseline >> 20} MiB, peak {peak >> 20} MiB)");
        Assert.False(mine.HasExited);
    }

    private static async Task WaitForHealthyAsync(MineProcess mine)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            try
            {
                if ((await mine.Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(Environment.TickCount64 < deadline, $"/health did not come back\n{mine.Output}");
            await Task.Delay(200);
        }
    }

    private static async Task AssertStoredAsync(HttpClient http, string[] names)
    {
        foreach (var name in names)
        {
            var json = await http.GetStringAsync($"/render?target={name}&format=json&from=-10min&until=%2B5min");
            using var document = JsonDocument.Parse(json);
            var series = Assert.Single(document.RootElement.EnumerateArray());
            Assert.Equal(name, series.GetProperty("target").GetString());
            Assert.Contains(series.GetProperty("datapoints").EnumerateArray(), static p => p[0].ValueKind == JsonValueKind.Number);
        }
    }
}

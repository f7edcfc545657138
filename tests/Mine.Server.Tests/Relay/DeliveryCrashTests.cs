using System.Diagnostics;
using Mine.Server.Tests.Process;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// At-least-once delivery made exactly-once by the receiver's dedup, with real processes killed for real: a relay
/// killed -9 with its backlog on disk, and a centre killed -9 again and again under a steady stream (docs/relay.md,
/// "End-to-end tests: delivery").
/// </summary>
public sealed class DeliveryCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-crash-").FullName;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task Points_buffered_before_a_kill_9_of_the_relay_are_delivered_once_after_its_restart()
    {
        var stream = new DeliveryStream("relaycrash", series: 500, total: 60_000);
        var centrePort = RelayProcess.FreePort();
        var options = RelayProcess.Plan(Path.Combine(_root, "buffer"), [$"127.0.0.1:{centrePort}"]);
        using (var relay = await RelayProcess.StartAsync(options))
        {
            // The centre is down from the start. The first part is sealed into a chunk file (the flush interval),
            // the rest stays in a staged file (the backlog flush interval is a minute): the restart recovers both.
            await stream.SendAsync(relay.PlaintextPort, 0, 10_000);
            await DeliveryStream.UntilAsync(() => Task.FromResult(BufferFiles("*.chunk") > 0), TimeSpan.FromSeconds(30), () => "no chunk sealed\n" + relay.Output);
            for (var b = 1; b < 6; b++)
            {
                await stream.SendAsync(relay.PlaintextPort, b * 10_000, (b + 1) * 10_000);
            }

            await relay.WaitForMetricAsync("mine_relay_points_buffered_total", stream.Total);
            Assert.Equal(stream.Total, await relay.MetricAsync("mine_relay_points_buffered_total"));
            relay.Kill9();
            Log($"relay killed with {stream.Total} points buffered: {BufferFiles("*.chunk")} chunk files, {BufferFiles("*.staged")} staged");
        }

        Assert.True(BufferFiles("*.chunk") > 0 && BufferFiles("*.staged") > 0, "the kill should leave sealed and staged chunks");
        using var restarted = await RelayProcess.StartAsync(options);
        Assert.Equal(stream.Total, await restarted.MetricAsync("mine_relay_destination_points_queued"));
        Assert.Equal(0, await restarted.MetricAsync("mine_relay_points_buffered_total"));

        using var centre = await RelayProcess.StartCentreAsync(Path.Combine(_root, "data"), centrePort);
        Log("centre started");
        await restarted.WaitForMetricAsync("mine_relay_points_acknowledged_total", stream.Total, timeoutMs: 90_000);
        Log("all acknowledged");
        await AssertDrainedAsync(restarted, stream.Total);
        Assert.Equal(stream.Total, await centre.MetricAsync("mine_points_ingested_total"));
        Assert.Equal(stream.Total, await centre.MetricAsync("mine_forward_points_stored_total"));
        Assert.Equal(0, await centre.MetricAsync("mine_forward_chunks_duplicate_total"));
        await stream.AssertAllStoredAsync(centre, restarted.Output);
    }

    [Fact]
    public async Task Chunks_whose_acknowledgements_die_with_a_killed_centre_are_resent_and_stored_once()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        Log($"seed {seed}");
        var stream = new DeliveryStream("ackloss", series: 1000, total: 108_000);
        var data = Path.Combine(_root, "data");
        var centrePort = RelayProcess.FreePort();
        MineProcess? centre = await RelayProcess.StartCentreAsync(data, centrePort);
        try
        {
            // relay → proxy → centre: the proxy lets the test hold the centre's acknowledgements back before a kill,
            // so that chunks stored and never acknowledged are certain, not left to the kill's timing.
            await using var proxy = new FaultyTcpProxy(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, centrePort));
            using var relay = await RelayProcess.StartAsync(RelayProcess.Plan(Path.Combine(_root, "buffer"), [$"127.0.0.1:{proxy.EndPoint.Port}"]));
            var batchesSent = 0;
            var sending = stream.SendInBatchesAsync(relay.PlaintextPort, batches: 36, every: TimeSpan.FromSeconds(1.5), sent => Volatile.Write(ref batchesSent, sent));
            long unacknowledged = 0;
            for (var kill = 1; kill <= 4; kill++)
            {
                // Kill k comes at a random moment in the k-th fifth of the stream (a batch every 1.5 s), so that the
                // stream still runs for the last one.
                var due = (5 * kill) + random.Next(0, 4);
                await DeliveryStream.UntilAsync(() => Task.FromResult(Volatile.Read(ref batchesSent) >= due), TimeSpan.FromSeconds(90), () => "the stream stalled");
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1_500)));
                var current = centre;
                await DeliveryStream.UntilAsync(async () => await current.MetricAsync("mine_forward_chunks_stored_total") > 0, TimeSpan.FromSeconds(60),
                    () => "the centre stored nothing since its start\n" + relay.Output);
                if (kill % 2 == 0)
                {
                    // Acknowledgements vanish from now on; chunks the centre stores meanwhile are in its WAL and its
                    // dedup file, and the relay still holds them.
                    proxy.SetFault(ProxyFault.BlackHoledOneWay(ProxyDirection.ToClient));
                    var before = await current.MetricAsync("mine_forward_chunks_stored_total");
                    await DeliveryStream.UntilAsync(async () => await current.MetricAsync("mine_forward_chunks_stored_total") > before, TimeSpan.FromSeconds(30),
                        () => "the centre stored nothing while its acknowledgements were held\n" + relay.Output);
                    unacknowledged += (long)(await current.MetricAsync("mine_forward_chunks_stored_total") - before);
                }

                var ingested = await current.MetricAsync("mine_points_ingested_total");
                current.Kill9();
                current.Dispose();
                centre = null;
                Log($"kill {kill} (batch {Volatile.Read(ref batchesSent)}): centre killed after ingesting {ingested} points in this run{(kill % 2 == 0 ? " (acknowledgements held)" : "")}");
                proxy.SetFault(ProxyFault.None);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 3_000)));
                centre = await RelayProcess.StartCentreAsync(data, centrePort);
                Log($"kill {kill}: centre restarted");
            }

            await sending;
            Log("stream sent");
            await relay.WaitForMetricAsync("mine_relay_points_buffered_total", stream.Total);
            Assert.Equal(stream.Total, await relay.MetricAsync("mine_relay_points_buffered_total"));
            await relay.WaitForMetricAsync("mine_relay_points_acknowledged_total", stream.Total, timeoutMs: 120_000);
            Log("all acknowledged");
            await AssertDrainedAsync(relay, stream.Total);
            await stream.AssertAllStoredAsync(centre, relay.Output);

            // Every chunk stored while its acknowledgement was held came again and was recognised, not stored again.
            var duplicates = await relay.MetricAsync("mine_relay_destination_chunks_duplicate_total");
            Log($"{unacknowledged} chunks stored without acknowledgement; the relay was told {duplicates} times that a chunk it resent was stored already");
            Assert.True(unacknowledged > 0 && duplicates >= unacknowledged, $"{unacknowledged} chunks were stored unacknowledged, {duplicates} resends recognised\n{relay.Output}");
        }
        finally
        {
            centre?.Dispose();
        }
    }

    /// <summary>The relay's books balance: everything buffered acknowledged, nothing queued or in flight.</summary>
    internal static async Task AssertDrainedAsync(RelayProcess relay, int total)
    {
        await DeliveryStream.UntilAsync(async () => await relay.MetricAsync("mine_relay_destination_chunks_queued") == 0, TimeSpan.FromSeconds(30),
            () => "chunks still queued\n" + relay.Output);
        Assert.Equal(total, await relay.MetricAsync("mine_relay_points_acknowledged_total"));
        Assert.Equal(0, await relay.MetricAsync("mine_relay_destination_points_queued"));
        Assert.Equal(0, await relay.MetricAsync("mine_relay_destination_in_flight"));
        Assert.Equal(0, await relay.MetricAsync("mine_relay_points_dropped_total"));
    }

    private int BufferFiles(string pattern) =>
        Directory.Exists(Path.Combine(_root, "buffer")) ? Directory.GetFiles(Path.Combine(_root, "buffer"), pattern, SearchOption.AllDirectories).Length : 0;

    private void Log(string line) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:0.0} s  {line}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

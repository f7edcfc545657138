using System.Diagnostics;
using System.Net;
using Mine.Server.Tests.Process;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// Relays in a chain: relay A → relay B (<c>--forward-listen</c>, its own buffer and dedup window) → serve, each a
/// real process; the middle one killed -9 mid-stream and started again on its folders. A proxy between A and B holds
/// B's acknowledgements back just before the kill, so that B dies holding chunks it stored (in its buffer, their ids
/// in its dedup file) that A still has to resend.
/// </summary>
public sealed class ChainDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-chain-").FullName;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task A_chain_of_two_relays_delivers_every_point_once_through_a_kill_9_of_the_middle_relay()
    {
        var seed = Environment.TickCount;
        Log($"seed {seed}");
        var random = new Random(seed);
        var stream = new DeliveryStream("chain", series: 500, total: 90_000);
        var centrePort = RelayProcess.FreePort();
        using var centre = await RelayProcess.StartCentreAsync(Path.Combine(_root, "data"), centrePort);
        var middleOptions = RelayProcess.Plan(Path.Combine(_root, "buffer-b"), [$"127.0.0.1:{centrePort}"], plaintext: false, forwardListen: true);
        var middle = await RelayProcess.StartAsync(middleOptions);
        try
        {
            await using var proxy = new FaultyTcpProxy(new IPEndPoint(IPAddress.Loopback, middleOptions.ForwardListenPort!.Value));
            using var edge = await RelayProcess.StartAsync(RelayProcess.Plan(Path.Combine(_root, "buffer-a"), [$"127.0.0.1:{proxy.EndPoint.Port}"]));
            var sending = stream.SendInBatchesAsync(edge.PlaintextPort, batches: 30, every: TimeSpan.FromSeconds(1.5));

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(8_000, 20_000)));
            await edge.WaitForMetricAsync("mine_relay_points_acknowledged_total", 1);
            await middle.WaitForMetricAsync("mine_relay_points_acknowledged_total", 1);
            var passed = await middle.MetricAsync("mine_relay_points_acknowledged_total");
            proxy.SetFault(ProxyFault.BlackHoledOneWay(ProxyDirection.ToClient));
            var killed = middle;
            var before = await killed.MetricAsync("mine_forward_chunks_stored_total");
            await DeliveryStream.UntilAsync(async () => await killed.MetricAsync("mine_forward_chunks_stored_total") > before, TimeSpan.FromSeconds(30),
                () => "the middle relay stored nothing while its acknowledgements were held\n" + killed.Output);
            var unacknowledged = await killed.MetricAsync("mine_forward_chunks_stored_total") - before;
            middle.Kill9();
            middle.Dispose();
            proxy.SetFault(ProxyFault.None);
            Log($"middle relay killed after the centre acknowledged {passed} points through it, holding {unacknowledged} chunks the edge relay will resend");
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 3_000)));
            middle = await RelayProcess.StartAsync(middleOptions);
            Log("middle relay restarted");

            await sending;
            Log("stream sent");
            await edge.WaitForMetricAsync("mine_relay_points_buffered_total", stream.Total);
            Assert.Equal(stream.Total, await edge.MetricAsync("mine_relay_points_buffered_total"));
            await edge.WaitForMetricAsync("mine_relay_points_acknowledged_total", stream.Total, timeoutMs: 120_000);
            await DeliveryCrashTests.AssertDrainedAsync(edge, stream.Total);
            Log("edge relay drained");

            // Everything the edge sent is in the middle relay's buffer; once that is empty too, the centre has all
            // it will ever get, and any chunk the middle relay took twice would show as points counted twice.
            var current = middle;
            await DeliveryStream.UntilAsync(async () => await current.MetricAsync("mine_relay_destination_points_queued") == 0, TimeSpan.FromSeconds(60),
                () => "the middle relay kept points\n" + current.Output);
            Log("middle relay drained");
            var edgeDuplicates = await edge.MetricAsync("mine_relay_destination_chunks_duplicate_total");
            var centreDuplicates = await centre.MetricAsync("mine_forward_chunks_duplicate_total");
            Log($"resends recognised: {edgeDuplicates} by the middle relay, {centreDuplicates} by the centre");
            Assert.True(edgeDuplicates >= unacknowledged, $"{unacknowledged} chunks stored unacknowledged by the middle relay, {edgeDuplicates} resends recognised\n{middle.Output}");
            Assert.Equal(stream.Total, await centre.MetricAsync("mine_points_ingested_total"));
            Assert.Equal(stream.Total, await centre.MetricAsync("mine_forward_points_stored_total"));
            Assert.Equal(0, await middle.MetricAsync("mine_relay_destination_in_flight"));
            await stream.AssertAllStoredAsync(centre, middle.Output);

            // The middle relay's dedup window lives in its buffer folder; the buffer does not take it for a destination's.
            Assert.DoesNotContain("belongs to no configured destination", middle.Output, StringComparison.Ordinal);
        }
        finally
        {
            middle.Dispose();
        }
    }

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

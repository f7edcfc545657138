using System.Diagnostics;
using System.Net;
using Mine.Server.Tests.Process;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// A relay forwarding through a link that black-holes, resets and crawls (<see cref="FaultyTcpProxy"/> between the
/// real relay and the real centre, both with their default timeouts): every point arrives, once.
/// </summary>
public sealed class DeliveryNetworkFaultTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The hello (16 bytes) and two acknowledgements (32 bytes each) pass, the third is cut in the middle:
    /// the chunk it acknowledges is stored, and the relay does not know it.</summary>
    private const int CutInThirdAcknowledgement = 16 + (2 * 32) + 10;

    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-network-").FullName;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task A_black_holed_reset_and_slowed_link_delivers_every_point_once()
    {
        var stream = new DeliveryStream("linkfaults", series: 500, total: 100_000);
        var centrePort = RelayProcess.FreePort();
        using var centre = await RelayProcess.StartCentreAsync(Path.Combine(_root, "data"), centrePort);
        await using var proxy = new FaultyTcpProxy(new IPEndPoint(IPAddress.Loopback, centrePort));
        using var relay = await RelayProcess.StartAsync(RelayProcess.Plan(Path.Combine(_root, "buffer"), [$"127.0.0.1:{proxy.EndPoint.Port}"]));
        var sending = stream.SendInBatchesAsync(relay.PlaintextPort, batches: 32, every: TimeSpan.FromSeconds(2));
        await AcknowledgedMoreAsync(relay, "the link never worked");

        // Black hole: no reset, no FIN, nothing comes back. Only the relay's receive timeout (30 s, no byte for three
        // heartbeats) can notice.
        proxy.SetFault(ProxyFault.BlackHoled);
        var blackHoled = _clock.Elapsed;
        Log("link black-holed");
        await DeliveryStream.UntilAsync(async () => await relay.MetricAsync("mine_relay_destination_up") == 0, TimeSpan.FromSeconds(60),
            () => "the relay never noticed the dead link\n" + relay.Output);
        var noticed = _clock.Elapsed - blackHoled;
        Log($"relay noticed the dead link after {noticed.TotalSeconds:0.0} s");
        Assert.InRange(noticed.TotalSeconds, 15, 50);
        proxy.SetFault(ProxyFault.None);
        await AcknowledgedMoreAsync(relay, "the link did not come back after the black hole");
        Log("link back");

        // Resets: the current connection now, then three in a row cut in the middle of an acknowledgement.
        var first = proxy.Accepted;
        proxy.FaultForConnection = i => i >= first && i < first + 3 ? ProxyFault.CutAfter(ProxyDirection.ToClient, CutInThirdAcknowledgement) : ProxyFault.None;
        proxy.ResetAll();
        await DeliveryStream.UntilAsync(() => Task.FromResult(proxy.Accepted > first + 3), TimeSpan.FromSeconds(60),
            () => $"{proxy.Accepted - first} connections after the reset\n{relay.Output}");
        await AcknowledgedMoreAsync(relay, "the link did not come back after the resets");
        Log($"resets done: {proxy.Cuts} connections cut so far");

        // A crawl: about 2 KB/s both ways (the stream needs several times that) for 10 s: the chunk on the wire crawls,
        // the next ones queue behind it, and the connection lives on (bytes keep arriving both ways).
        proxy.SetFault(ProxyFault.Slow(2_000));
        await Task.Delay(TimeSpan.FromSeconds(10));
        Log($"slow link over, {await relay.MetricAsync("mine_relay_destination_chunks_queued")} chunks queued");
        proxy.SetFault(ProxyFault.None);

        await sending;
        Log("stream sent");
        await relay.WaitForMetricAsync("mine_relay_points_buffered_total", stream.Total);
        Assert.Equal(stream.Total, await relay.MetricAsync("mine_relay_points_buffered_total"));
        await relay.WaitForMetricAsync("mine_relay_points_acknowledged_total", stream.Total, timeoutMs: 120_000);
        Log("all acknowledged");
        await DeliveryCrashTests.AssertDrainedAsync(relay, stream.Total);

        // The centre ran throughout: its counter is the whole truth about what it stored.
        var duplicates = await relay.MetricAsync("mine_relay_destination_chunks_duplicate_total");
        var centreDuplicates = await centre.MetricAsync("mine_forward_chunks_duplicate_total");
        var stored = await centre.MetricAsync("mine_forward_chunks_stored_total");
        var received = await centre.MetricAsync("mine_forward_chunks_received_total");
        Log($"centre: {received} chunks received, {stored} stored, {centreDuplicates} duplicates (relay heard of {duplicates})");
        Assert.Equal(stream.Total, await centre.MetricAsync("mine_points_ingested_total"));
        Assert.Equal(stream.Total, await centre.MetricAsync("mine_forward_points_stored_total"));
        Assert.True(duplicates >= 1, $"the cut acknowledgements should have caused a recognised resend\n{relay.Output}");
        Assert.True(centreDuplicates >= duplicates && received >= stored + centreDuplicates,
            $"{received} received, {stored} stored, {centreDuplicates} duplicates at the centre, {duplicates} at the relay\n{centre.Output}");
        await stream.AssertAllStoredAsync(centre, relay.Output);
    }

    private async Task AcknowledgedMoreAsync(RelayProcess relay, string problem)
    {
        var before = await relay.MetricAsync("mine_relay_points_acknowledged_total");
        await DeliveryStream.UntilAsync(async () => await relay.MetricAsync("mine_relay_points_acknowledged_total") > before, TimeSpan.FromSeconds(60),
            () => problem + "\n" + relay.Output);
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

using System.Diagnostics;
using System.Net;
using Mine.Server.Tests.Process;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// The centre (<c>mine serve --forward-listen</c>) stopped for a minute in the middle of a stream: the relay keeps
/// the points on disk, and after the centre returns on the same data folder every point arrives, once.
/// </summary>
public sealed class OutageDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-outage-").FullName;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task Every_point_sent_during_a_one_minute_centre_outage_is_stored_once_after_the_centre_returns()
    {
        const int Batches = 20;
        var stream = new DeliveryStream("outage", series: 1000, total: Batches * 5_000);
        var data = Path.Combine(_root, "data");
        var centrePort = RelayProcess.FreePort();
        MineProcess? centre = await RelayProcess.StartCentreAsync(data, centrePort);
        var centreHttp = centre.HttpPort;
        try
        {
            // relay → proxy → centre. The proxy only closes the link just before the stop, so that nothing can reach
            // the centre between the moment its counters are read and its exit: the two runs' counters then add up
            // to exactly what it ingested.
            await using var proxy = new FaultyTcpProxy(new IPEndPoint(IPAddress.Loopback, centrePort));
            using var relay = await RelayProcess.StartAsync(RelayProcess.Plan(Path.Combine(_root, "buffer"), [$"127.0.0.1:{proxy.EndPoint.Port}"]));
            var batchesSent = 0;
            var sending = stream.SendInBatchesAsync(relay.PlaintextPort, Batches, TimeSpan.FromSeconds(4.5), sent => Volatile.Write(ref batchesSent, sent));
            await DeliveryStream.UntilAsync(() => Task.FromResult(Volatile.Read(ref batchesSent) >= 3), TimeSpan.FromSeconds(60), () => "the stream did not start");
            var first = centre;
            await DeliveryStream.UntilAsync(async () => await first.MetricAsync("mine_points_ingested_total") > 0, TimeSpan.FromSeconds(60),
                () => "the centre got nothing before the outage\n" + relay.Output);

            proxy.SetFault(ProxyFault.ResetOnConnect);
            proxy.ResetAll();
            await first.WaitForMetricAsync("mine_forward_active_connections", 0, below: true);
            var firstRun = await CountersAsync(first);
            var exit = await first.StopAsync();
            first.Dispose();
            centre = null;
            var stopped = _clock.Elapsed;
            Log($"centre stopped (exit code {exit}) after {Volatile.Read(ref batchesSent)} batches, having ingested {firstRun.Ingested} points");
            Assert.Equal(0, exit);

            await Task.Delay(TimeSpan.FromMinutes(1) - (_clock.Elapsed - stopped));
            Log($"relay holds {await relay.MetricAsync("mine_relay_destination_points_queued")} points for the centre; {Volatile.Read(ref batchesSent)} batches sent");
            centre = await RelayProcess.StartCentreAsync(data, centrePort, centreHttp);
            proxy.SetFault(ProxyFault.None);
            Log($"centre back after {(_clock.Elapsed - stopped).TotalSeconds:0.0} s");

            await sending;
            Log("stream sent");
            await relay.WaitForMetricAsync("mine_relay_points_buffered_total", stream.Total);
            Assert.Equal(stream.Total, await relay.MetricAsync("mine_relay_points_buffered_total"));
            await relay.WaitForMetricAsync("mine_relay_points_acknowledged_total", stream.Total, timeoutMs: 120_000);
            Log("all acknowledged");
            await DeliveryCrashTests.AssertDrainedAsync(relay, stream.Total);

            var secondRun = await CountersAsync(centre);
            Log($"centre, first run: {firstRun}; second run: {secondRun}");
            Assert.Equal(stream.Total, firstRun.Ingested + secondRun.Ingested);
            Assert.Equal(stream.Total, firstRun.PointsStored + secondRun.PointsStored);
            Assert.True(secondRun.Received >= secondRun.Stored + secondRun.Duplicates, $"second run: {secondRun}");
            await stream.AssertAllStoredAsync(centre, relay.Output);
        }
        finally
        {
            centre?.Dispose();
        }
    }

    private static async Task<CentreCounters> CountersAsync(MineProcess centre) => new(
        (long)await centre.MetricAsync("mine_points_ingested_total"),
        (long)await centre.MetricAsync("mine_forward_points_stored_total"),
        (long)await centre.MetricAsync("mine_forward_chunks_received_total"),
        (long)await centre.MetricAsync("mine_forward_chunks_stored_total"),
        (long)await centre.MetricAsync("mine_forward_chunks_duplicate_total"));

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

    private sealed record CentreCounters(long Ingested, long PointsStored, long Received, long Stored, long Duplicates);
}

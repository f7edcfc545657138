using Mine.Relay.Forward;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

/// <summary>What a bad link does, through a <see cref="FaultyTcpProxy"/> between client and receiver.</summary>
public sealed class ForwardLinkFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Lost_acknowledgements_make_the_client_resend_and_the_receiver_answer_duplicate_without_storing_again()
    {
        await using var rig = new ForwardRig(output);
        rig.Store.Delay = TimeSpan.FromMilliseconds(2);
        rig.StartListener();
        await using var proxy = new FaultyTcpProxy(rig.EndPoint);
        // The first connections lose everything after the hello and about three acknowledgements (32 bytes each).
        proxy.FaultForConnection = i => i < 4 ? ProxyFault.CutAfter(ProxyDirection.ToClient, 16 + 100) : ProxyFault.None;
        var chunks = TestChunks.Many(60);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source, proxy.EndPoint);

        await source.AllDone(TimeSpan.FromSeconds(60));

        Assert.Empty(source.Violations);
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.True(proxy.Cuts >= 4, $"{proxy.Cuts} cuts");
        Assert.True(rig.Listener!.Counters.ChunksDuplicate > 0, "no chunk was resent after its acknowledgement was lost");
        Assert.Equal(rig.Listener.Counters.ChunksDuplicate, client.Counters.ChunksDuplicate);
        Assert.Equal(60, client.Counters.ChunksAcknowledged);
        Assert.True(client.Counters.ChunksReleased > 0);
    }

    [Fact]
    public async Task Chunks_cut_off_on_the_way_to_the_receiver_are_resent_and_stored_once()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        await using var proxy = new FaultyTcpProxy(rig.EndPoint);
        // Cuts land inside the hello, inside a frame header and inside a chunk.
        long[] cuts = [5, 16 + 7, 16 + 500, 16 + 3000];
        proxy.FaultForConnection = i => i < cuts.Length ? ProxyFault.CutAfter(ProxyDirection.ToServer, cuts[i]) : ProxyFault.None;
        var chunks = TestChunks.Many(30);
        var source = new FakeChunkSource(chunks);
        rig.StartClient(source, proxy.EndPoint);

        await source.AllDone(TimeSpan.FromSeconds(60));

        Assert.Empty(source.Violations);
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(0, rig.Listener!.Counters.UnexpectedErrors);
    }

    [Fact]
    public async Task A_black_holed_link_is_given_up_after_the_receive_timeout_and_the_chunks_arrive_once_it_heals()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        await using var proxy = new FaultyTcpProxy(rig.EndPoint);
        var chunks = TestChunks.Many(40);
        var source = new FakeChunkSource(chunks.Take(20));
        var client = rig.StartClient(source, proxy.EndPoint, ForwardRig.QuickToGiveUp);
        await ForwardRig.WaitUntil(() => source.Acknowledged.Count == 20, "the first chunks are acknowledged");

        proxy.SetFault(ProxyFault.BlackHoled);
        foreach (var chunk in chunks.Skip(20))
        {
            source.Add(chunk);
        }

        await ForwardRig.WaitUntil(() => client.Counters.Timeouts >= 1, "the client notices the dead link");
        Assert.Contains("nothing arrived from the destination", client.Status().LastError, StringComparison.Ordinal);
        Assert.NotNull(client.Status().DownSince);
        proxy.SetFault(ProxyFault.None);
        await source.AllDone(TimeSpan.FromSeconds(60));

        Assert.Empty(source.Violations);
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Null(client.Status().DownSince);
    }

    [Fact]
    public async Task A_slow_link_delivers_everything_without_timeouts()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        await using var proxy = new FaultyTcpProxy(rig.EndPoint);
        proxy.SetFault(ProxyFault.Slow(bytesPerSecond: 40_000));
        var chunks = TestChunks.Many(20, points: 100);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source, proxy.EndPoint);

        await source.AllDone(TimeSpan.FromSeconds(60));

        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(0, client.Counters.ConnectionFailures);
    }

    [Fact]
    public async Task A_destination_that_resets_every_connection_is_retried_with_growing_waits_until_it_answers()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        await using var proxy = new FaultyTcpProxy(rig.EndPoint);
        proxy.SetFault(ProxyFault.ResetOnConnect);
        var chunks = TestChunks.Many(5);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source, proxy.EndPoint);
        await ForwardRig.WaitUntil(() => client.Counters.ConnectionFailures >= 4, "four connections have failed");
        var status = client.Status();
        Assert.NotEqual(ForwardClientState.Connected, status.State);
        Assert.True(status.FailuresInRow >= 4);

        proxy.SetFault(ProxyFault.None);
        await source.AllDone(TimeSpan.FromSeconds(30));

        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(0, client.Status().FailuresInRow);
        Assert.Equal(client.Counters.ConnectionFailures, client.Counters.Retries);
    }
}

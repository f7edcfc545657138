using Mine.Relay.Forward;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

public sealed class ForwardRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_receiver_stopped_mid_stream_and_started_again_on_the_same_directory_stores_everything_once()
    {
        await using var rig = new ForwardRig(output);
        rig.Store.Delay = TimeSpan.FromMilliseconds(3);
        rig.StartListener();
        var chunks = TestChunks.Many(300);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source);
        await ForwardRig.WaitUntil(() => rig.Store.Stored >= 60, "a fifth of the chunks are stored");

        await rig.StopListenerAsync();
        await ForwardRig.WaitUntil(() => client.Counters.ConnectionFailures >= 2, "the client has failed to reconnect");
        rig.StartListener();
        await source.AllDone(TimeSpan.FromSeconds(60));

        Assert.Empty(source.Violations);
        Assert.Equal(300, source.Acknowledged.Count);
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(300, rig.Dedup!.Count);
    }

    [Fact]
    public async Task Chunks_stored_before_a_restart_whose_acknowledgements_were_lost_are_answered_as_duplicates()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        await using var proxy = new FaultyTcpProxy(rig.EndPoint);
        proxy.SetFault(ProxyFault.BlackHoledOneWay(ProxyDirection.ToClient, ForwardHello.Size)); // the hello passes, no acknowledgement does
        var chunks = TestChunks.Many(5);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source, proxy.EndPoint, ForwardRig.FastClient with { Window = 8, HandshakeTimeout = TimeSpan.FromSeconds(30) });
        await ForwardRig.WaitUntil(() => rig.Store.Stored == 5, "every chunk is stored");
        await rig.StopClientsAsync();
        Assert.Empty(source.Acknowledged);
        Assert.Equal(chunks.Select(c => c.Id), source.Queued());

        await rig.StopListenerAsync();
        rig.StartListener();
        proxy.SetFault(ProxyFault.None);
        client = rig.StartClient(source, proxy.EndPoint);
        await source.AllDone(TimeSpan.FromSeconds(30));

        Assert.Empty(source.Violations);
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(5, rig.Listener!.Counters.ChunksDuplicate);
        Assert.Equal(0, rig.Listener.Counters.ChunksStored);
        Assert.Equal(5, client.Counters.ChunksDuplicate);
    }
}

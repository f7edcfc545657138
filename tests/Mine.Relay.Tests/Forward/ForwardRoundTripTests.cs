using Mine.Relay.Chunks;
using Mine.Relay.Forward;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

public sealed class ForwardRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_chunk_is_stored_once_with_its_points_and_acknowledged()
    {
        await using var rig = new ForwardRig(output);
        rig.Store.Delay = TimeSpan.FromMilliseconds(2);
        rig.StartListener();
        var chunks = TestChunks.Many(200);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source);

        await source.AllDone(TimeSpan.FromSeconds(30));
        await rig.StopClientsAsync();

        Assert.Empty(source.Violations);
        Assert.Equal(chunks.Select(c => c.Id).Order(), source.Acknowledged.Order());
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(chunks.Select(c => c.Id), rig.Store.FirstStoreOrder());
        var points = rig.Store.Points[chunks[7].Id];
        Assert.Equal(20, points.Length);
        Assert.Equal((TestChunks.Name(7, 3), 1_700_000_003L, 7.003), points[3]);
        Assert.Equal(200, client.Counters.ChunksAcknowledged);
        Assert.Equal(200 * 20, client.Counters.PointsAcknowledged);
        Assert.Equal(chunks.Sum(c => c.Payload.Length), client.Counters.BytesAcknowledged);
        Assert.Equal(200, rig.Listener!.Counters.ChunksStored);
        Assert.Equal(0, rig.Listener.Counters.ChunksDuplicate);
        Assert.Equal(200, rig.Dedup!.Count);
        Assert.InRange(source.MaxInFlight, 2, ForwardRig.FastClient.Window);
        Assert.Equal(ForwardClientState.Stopped, client.Status().State);
    }

    [Fact]
    public async Task A_chunk_refused_as_damaged_is_rejected_once_and_the_others_still_arrive()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        var chunks = TestChunks.Many(10);
        var damaged = TestChunks.Damaged(99);
        chunks.Insert(5, damaged);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source);

        await source.AllDone(TimeSpan.FromSeconds(30));

        Assert.Empty(source.Violations);
        Assert.Equal(11, source.HandedOut);
        Assert.Contains("checksum", source.Rejected[damaged.Id], StringComparison.Ordinal);
        Assert.Equal(10, source.Acknowledged.Count);
        Assert.False(rig.Store.StoreCounts.ContainsKey(damaged.Id));
        Assert.Equal(1, client.Counters.ChunksRejected);
        Assert.Equal(0, client.Counters.ConnectionFailures);
        Assert.Equal(1, rig.Listener!.Counters.ChunksDamaged);
        Assert.False(rig.Dedup!.Contains(damaged.Id));
        Assert.True(rig.Log.Contains($"chunk {damaged.Id} (20 points) refused as damaged"));
    }

    [Fact]
    public async Task A_store_that_fails_gets_the_chunk_again_after_a_backoff_and_stores_it_once()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        var chunks = TestChunks.Many(10);
        var failing = chunks[3].Id;
        var failures = 0;
        rig.Store.Fault = id => id == failing && Interlocked.Increment(ref failures) <= 2 ? new IOException("No space left on device") : null;
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source);

        await source.AllDone(TimeSpan.FromSeconds(30));

        Assert.Empty(source.Violations);
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(2, rig.Listener!.Counters.StoreFailures);
        Assert.Equal(2, client.Counters.ConnectionFailures);
        Assert.Contains("No space left on device", client.Status().LastError, StringComparison.Ordinal);
        Assert.Equal(0, client.Status().FailuresInRow);
    }

    [Fact]
    public async Task A_chunk_larger_than_the_destination_takes_is_rejected_without_being_sent()
    {
        await using var rig = new ForwardRig(output, ForwardRig.FastReceiver with { MaxFramePayload = 4096 });
        rig.StartListener();
        var small = TestChunks.Make(1, points: 2);
        var large = TestChunks.Make(2, points: 2000);
        Assert.True(large.Payload.Length > 4096);
        var source = new FakeChunkSource([small, large, TestChunks.Make(3, points: 2)]);
        var client = rig.StartClient(source);

        await source.AllDone(TimeSpan.FromSeconds(30));

        Assert.Contains("larger than the destination accepts", source.Rejected[large.Id], StringComparison.Ordinal);
        Assert.Equal(2, source.Acknowledged.Count);
        Assert.Equal(0, rig.Listener!.Counters.ProtocolErrors);
        Assert.Equal(2, client.Counters.ChunksSent);
    }

    [Fact]
    public async Task Stopping_the_client_gives_every_chunk_in_flight_back_oldest_at_the_head()
    {
        await using var rig = new ForwardRig(output);
        rig.Store.Delay = TimeSpan.FromSeconds(30);
        rig.StartListener();
        var chunks = TestChunks.Many(10);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source);
        await ForwardRig.WaitUntil(() => source.InFlight == 4 && client.Counters.ChunksSent == 4, "the window is full");

        await rig.StopClientsAsync();

        Assert.Empty(source.Violations);
        Assert.Equal(0, source.InFlight);
        Assert.Equal(4, client.Counters.ChunksReleased);
        Assert.Equal(chunks.Select(c => c.Id), source.Queued());
        Assert.Equal(0, client.Status().InFlight);
    }

    [Fact]
    public async Task A_store_slower_than_the_ack_timeout_makes_the_client_resend_and_the_resend_waits_for_the_first_store()
    {
        await using var rig = new ForwardRig(output);
        rig.Store.Delay = TimeSpan.FromSeconds(1);
        rig.StartListener();
        var chunks = TestChunks.Many(3);
        var source = new FakeChunkSource(chunks);
        var client = rig.StartClient(source, options: ForwardRig.FastClient with { Window = 1, AckTimeout = TimeSpan.FromMilliseconds(300) });

        await source.AllDone(TimeSpan.FromSeconds(60));

        Assert.Empty(source.Violations);
        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.True(client.Counters.Timeouts >= 3, $"{client.Counters.Timeouts} timeouts");
        Assert.Contains("still unacknowledged", client.Status().LastError, StringComparison.Ordinal);
        Assert.True(rig.Listener!.Counters.ChunksDuplicate >= 3, "a resend did not wait for the store in progress");
    }

    [Fact]
    public async Task A_source_that_cannot_set_chunks_aside_keeps_a_refused_chunk_at_the_head_and_loses_nothing()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        var first = TestChunks.Make(1);
        var damaged = TestChunks.Damaged(2);
        using var inner = new FakeChunkSource([first, damaged, TestChunks.Make(3)]);
        var client = rig.StartClient(new SourceWithoutReject(inner), options: ForwardRig.FastClient with { Window = 1 });
        await ForwardRig.WaitUntil(() => client.Counters.ConnectionFailures >= 3, "the client has failed three times");

        await rig.StopClientsAsync();

        Assert.Empty(inner.Violations);
        Assert.Equal([first.Id], inner.Acknowledged);
        Assert.Equal(damaged.Id, inner.Queued()[0]);
        Assert.Equal(0, inner.InFlight);
        Assert.Contains("does not implement IChunkSource.Reject", client.Status().LastError, StringComparison.Ordinal);
        Assert.Equal(0, client.Counters.ChunksRejected);
    }

    /// <summary>A source that keeps IChunkSource.Reject's default (as a buffer written before it existed).</summary>
    private sealed class SourceWithoutReject(FakeChunkSource inner) : IChunkSource
    {
        public ValueTask<QueuedChunk> NextAsync(CancellationToken cancellationToken) => inner.NextAsync(cancellationToken);

        public void Acknowledge(ChunkId id) => inner.Acknowledge(id);

        public void Release(ChunkId id) => inner.Release(id);
    }
}

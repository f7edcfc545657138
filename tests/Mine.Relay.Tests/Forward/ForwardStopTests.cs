using System.Diagnostics;
using Mine.Relay.Forward;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

/// <summary>A listener stopping while a chunk is being stored (docs/relay.md, "The receiver's listener").</summary>
public sealed class ForwardStopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_store_under_way_when_the_listener_stops_finishes_and_its_id_is_recorded()
    {
        await using var rig = new ForwardRig(output);
        rig.Store.Delay = TimeSpan.FromMilliseconds(500);
        rig.StartListener();
        var chunk = TestChunks.Make(0);
        rig.StartClient(new FakeChunkSource([chunk]));
        await ForwardRig.WaitUntil(() => Interlocked.Read(ref rig.Listener!.Counters.ChunksReceived) == 1, "the chunk is received");

        await rig.StopListenerAsync();

        Assert.Equal(1, rig.Store.StoreCounts[chunk.Id]);
        using var reopened = DedupWindow.Open(rig.Data.Path);
        Assert.True(reopened.Contains(chunk.Id));
    }

    [Fact]
    public async Task A_store_still_hanging_after_the_stop_grace_is_cancelled_and_its_id_left_unrecorded()
    {
        await using var rig = new ForwardRig(output, ForwardRig.FastReceiver with { StopGrace = TimeSpan.FromMilliseconds(300) });
        rig.Store.Delay = TimeSpan.FromHours(1);
        rig.StartListener();
        var chunk = TestChunks.Make(0);
        rig.StartClient(new FakeChunkSource([chunk]));
        await ForwardRig.WaitUntil(() => Interlocked.Read(ref rig.Listener!.Counters.ChunksReceived) == 1, "the chunk is received");
        await Task.Delay(50);

        var clock = Stopwatch.StartNew();
        await rig.StopListenerAsync();

        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 10);
        Assert.True(rig.Log.Contains("are cancelled"));
        Assert.Empty(rig.Store.StoreCounts);
        using var reopened = DedupWindow.Open(rig.Data.Path);
        Assert.False(reopened.Contains(chunk.Id));
    }
}

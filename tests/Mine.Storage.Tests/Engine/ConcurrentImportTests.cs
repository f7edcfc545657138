using Mine.Core.Ports;
using Mine.Storage.Engine;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// A writer that must rotate a full head while the previous one is still being flushed waits for that flush, and
/// waiting lets the write lock go. Another writer (a second `mine import-whisper` job, the merge's rollups, the
/// ingest loop) then filled the engine's shared point columns under the first one's feet: the first series lost the
/// points of its second piece, replaced by the other's (seen importing a year of whisper files with two jobs).
/// Writers now take turns from admission to the last point applied.
/// </summary>
public sealed class ConcurrentImportTests
{
    private const int HeadCapacity = 1000;
    private static readonly HistoryLayout Layout = new([new(300, 8640)], AggregationMethod: 1, XFilesFactor: 0.5);

    [Fact]
    public async Task A_write_while_another_waits_for_the_flush_to_rotate_the_head_loses_nothing()
    {
        using var flushMayFinish = new ManualResetEventSlim(); // outlives the store: its flusher may still pass the hook
        using var store = new EngineFixture(headCapacity: HeadCapacity);
        store.Options.FaultInjection = point =>
        {
            if (point == FaultPoints.FlushPartsComplete)
            {
                flushMayFinish.Wait(TimeSpan.FromSeconds(30));
            }
        };
        store.Reopen();
        var now = store.Clock.Now - (store.Clock.Now % 300);

        // The head fills exactly; the next import rotates it (its flush then hangs), fills the new head and must
        // wait for that flush to rotate again.
        Assert.Equal(HeadCapacity, Import(store, "imported.first", now, HeadCapacity, 1.0).Written);
        var waiting = Task.Run(() => Import(store, "imported.split", now, (2 * HeadCapacity) + 500, 2.0));
        await Task.Delay(300); // the split import is waiting for the flush
        var other = Task.Run(() => Import(store, "imported.other", now, (2 * HeadCapacity) + 500, 3.0));
        await Task.Delay(300); // the other import has come in, or is held at the door
        flushMayFinish.Set();
        await Task.WhenAll(waiting, other).WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var (name, count, level) in new[] { ("imported.first", HeadCapacity, 1.0), ("imported.split", (2 * HeadCapacity) + 500, 2.0), ("imported.other", (2 * HeadCapacity) + 500, 3.0) })
        {
            var read = store.Engine.Fetch(name, now - (count * 300L) - 1, now, store.Clock.Now)!;
            var expected = Enumerable.Range(0, count).Select(i => (level * 10000) + i).ToArray();
            Assert.Equal(expected, read.Values.Where(v => !double.IsNaN(v)));
        }
    }

    private static HistoryImportResult Import(EngineFixture store, string name, long now, int count, double level)
    {
        var times = Enumerable.Range(0, count).Select(i => now - ((count - i) * 300L)).ToArray();
        var values = Enumerable.Range(0, count).Select(i => (level * 10000) + i).ToArray();
        return store.Engine.Import(name, Layout, [new HistoryPoints(times, values)], ConflictPolicy.Keep);
    }
}

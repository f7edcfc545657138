using System.Collections.Concurrent;
using Mine.Core.Series;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relay.Tests.Forward;

/// <summary>An in-memory <see cref="IForwardedChunkStore"/>: counts how often each chunk was stored and keeps a copy
/// of its points; can be slowed down or made to fail.</summary>
internal sealed class FakeChunkStore : IForwardedChunkStore
{
    public ConcurrentDictionary<ChunkId, int> StoreCounts { get; } = new();

    public ConcurrentDictionary<ChunkId, (string Name, long Timestamp, double Value)[]> Points { get; } = new();

    /// <summary>How long each store takes.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When it returns an exception for a chunk, the store throws it instead of storing.</summary>
    public Func<ChunkId, Exception?> Fault { get; set; } = _ => null;

    /// <summary>Every store, in the order they happened.</summary>
    public ConcurrentQueue<ChunkId> Order { get; } = new();

    public int Stored => StoreCounts.Count;

    /// <summary>The chunks in the order of their first store.</summary>
    public ChunkId[] FirstStoreOrder() => [.. Order.Distinct()];

    public async ValueTask StoreAsync(ChunkId id, PointBatch points, CancellationToken cancellationToken)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Fault(id) is { } fault)
        {
            throw fault;
        }

        var copy = new (string, long, double)[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            copy[i] = (System.Text.Encoding.UTF8.GetString(points.Name(i)), points.Timestamp(i), points.Value(i));
        }

        Points[id] = copy;
        StoreCounts.AddOrUpdate(id, 1, (_, n) => n + 1);
        Order.Enqueue(id);
    }
}

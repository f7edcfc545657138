using Mine.Core.Series;
using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>
/// Where the receiving side of the forward protocol puts a chunk's points: `mine serve` into storage (returns once
/// the points are in the WAL), a chained relay into its own disk buffer (returns once they are in a chunk file).
/// The receiver acknowledges the chunk only after this returns, and remembers its id so that a resent chunk is not
/// stored again.
/// </summary>
public interface IForwardedChunkStore
{
    /// <summary>Stores every point of <paramref name="points"/> durably, or throws (the chunk is then not
    /// acknowledged and the sender keeps it). The batch is the receiver's and is reused once this returns: keep
    /// nothing of it. Cancelled only when the receiver stops, not when the chunk's connection ends.</summary>
    ValueTask StoreAsync(ChunkId id, PointBatch points, CancellationToken cancellationToken);
}

using Mine.Core.Series;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relaying;

/// <summary>A chained relay's store for forwarded chunks: routed into its own disk buffer; acknowledged once there.</summary>
internal sealed class BufferChunkStore(RelayIntake intake) : IForwardedChunkStore
{
    public ValueTask StoreAsync(ChunkId id, PointBatch points, CancellationToken cancellationToken) => intake.AppendAsync(points, cancellationToken);
}

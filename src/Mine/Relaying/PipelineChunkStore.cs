using Mine.Core.Series;
using Mine.Ingestion;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relaying;

/// <summary>
/// `serve`'s store for forwarded chunks: the points go through the ingest pipeline like any listener's, and the call
/// returns once storage has them (in the WAL, counted in mine_points_ingested_total): only then is the chunk
/// acknowledged. Relays are authenticated peers that carry whole fleets, so no per-source new-series allowance
/// applies to them.
/// </summary>
internal sealed class PipelineChunkStore(IngestPipeline pipeline) : IForwardedChunkStore
{
    public ListenerCounters Counters { get; } = new("forward", "tcp");

    public async ValueTask StoreAsync(ChunkId id, PointBatch points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        Interlocked.Add(ref Counters.Received, points.Count);
        var batch = pipeline.RentBatch();
        for (var i = 0; i < points.Count; i++)
        {
            batch.Add(points.Name(i), points.Timestamp(i), points.Value(i));
        }

        await pipeline.SubmitAndWaitAsync(batch, Counters, source: null, cancellationToken).ConfigureAwait(false);
    }
}

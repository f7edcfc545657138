using System.Collections.Concurrent;
using Mine.Core.Series;

namespace Mine.Ingestion;

/// <summary>
/// Batches kept for reuse by an <see cref="IPointIntake"/>: listeners rent one per read and the intake returns it
/// once stored. At most <see cref="MaxPooled"/> are kept; more are left to the GC, so that a connection storm does
/// not pin memory.
/// </summary>
public sealed class PointBatchPool
{
    public const int MaxPooled = 64;

    private readonly ConcurrentQueue<PointBatch> _pool = new();
    private int _pooled;

    public PointBatch Rent()
    {
        if (_pool.TryDequeue(out var batch))
        {
            Interlocked.Decrement(ref _pooled);
            return batch;
        }

        return new PointBatch(1024);
    }

    public void Return(PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
        {
            _pool.Enqueue(batch);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }
}

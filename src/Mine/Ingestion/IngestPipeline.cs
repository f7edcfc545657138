using System.Collections.Concurrent;
using System.Threading.Channels;
using Mine.Core.Ports;
using Mine.Core.Series;

namespace Mine.Ingestion;

/// <summary>
/// Decouples parsing (on each connection's thread) from storage writes (one writer thread), so that with one busy
/// connection both cores work: one parses batch n+1 while the other logs and stores batch n. The channel is
/// bounded: when storage falls behind, connections stop reading and TCP pushes back on the senders.
/// A point counts as ingested only once storage has accepted it (it is in the WAL).
/// </summary>
public sealed class IngestPipeline : IAsyncDisposable
{
    public const int BatchPoints = 8192;

    private readonly IPointSink _sink;
    private readonly Channel<(PointBatch Batch, ListenerCounters Counters)> _queue;
    private readonly ConcurrentBag<PointBatch> _pool = new();
    private readonly Task _writer;
    private readonly Action<string> _log;
    private readonly Action<PointBatch>? _observe;

    /// <param name="sink">Storage.</param>
    /// <param name="log">Where write failures are reported.</param>
    /// <param name="queuedBatches">Batches waiting for storage before senders are pushed back.</param>
    /// <param name="observe">Sees every stored batch whose listener has <see cref="ListenerCounters.GraphiteHosts"/>
    /// (the fleet's Graphite host discovery), on the writer thread.</param>
    public IngestPipeline(IPointSink sink, Action<string> log, int queuedBatches = 8, Action<PointBatch>? observe = null)
    {
        _sink = sink;
        _log = log;
        _observe = observe;
        _queue = Channel.CreateBounded<(PointBatch, ListenerCounters)>(new BoundedChannelOptions(queuedBatches)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Points durably accepted by storage since start (mine_points_ingested_total).</summary>
    public long PointsIngested => Interlocked.Read(ref _pointsIngested);

    private long _pointsIngested;

    public long WriteErrors;

    public PointBatch RentBatch() => _pool.TryTake(out var batch) ? batch : new PointBatch(BatchPoints);

    public void ReturnBatch(PointBatch batch)
    {
        batch.Clear();
        _pool.Add(batch);
    }

    /// <summary>Queues a filled batch for storage; waits while the queue is full. Ownership passes to the pipeline.</summary>
    public ValueTask SubmitAsync(PointBatch batch, ListenerCounters counters, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            ReturnBatch(batch);
            return ValueTask.CompletedTask;
        }

        return _queue.Writer.WriteAsync((batch, counters), cancellationToken);
    }

    /// <summary>Writes a batch synchronously on the caller's thread (self-metrics, tests).</summary>
    public int WriteNow(PointBatch batch, ListenerCounters counters)
    {
        var accepted = _sink.Write(batch);
        Account(batch.Count, accepted, counters);
        Observe(batch, counters);
        return accepted;
    }

    private async Task WriteLoop()
    {
        await foreach (var (batch, counters) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                var accepted = _sink.Write(batch);
                Account(batch.Count, accepted, counters);
                Observe(batch, counters);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Storage cannot log to disk: the batch is not counted, and the error is visible in metrics and log.
                Interlocked.Increment(ref WriteErrors);
                _log($"storage write failed, {batch.Count} points not accepted: {ex.Message}");
            }
            finally
            {
                ReturnBatch(batch);
            }
        }
    }

    private void Observe(PointBatch batch, ListenerCounters counters)
    {
        if (_observe is not null && counters.GraphiteHosts)
        {
            _observe(batch);
        }
    }

    private void Account(int offered, int accepted, ListenerCounters counters)
    {
        Interlocked.Add(ref _pointsIngested, accepted);
        Interlocked.Add(ref counters.Accepted, accepted);
        Interlocked.Add(ref counters.Dropped, offered - accepted);
    }

    /// <summary>Drains every queued batch into storage before returning.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}

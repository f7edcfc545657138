using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;
using Mine.Core.Ports;
using Mine.Core.Series;

namespace Mine.Ingestion;

/// <summary>Settings of the <see cref="IngestPipeline"/>.</summary>
public sealed record IngestPipelineOptions
{
    /// <summary>Batches waiting for storage before TCP senders are pushed back and UDP input is dropped.</summary>
    public int QueuedBatches { get; init; } = 8;

    /// <summary>New series one source (remote IP, collectd host) may create per minute; 0: no limit.</summary>
    public int MaxNewSeriesPerSourcePerMinute { get; init; } = 100_000;

    /// <summary>New series one source may create at once before the per-minute rate applies (see <see cref="NewSeriesAllowance"/>).</summary>
    public int NewSeriesBurstPerSource { get; init; } = 2_000_000;

    /// <summary>First wait before writing a batch again that storage refused (disk full); doubles up to the max.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Decouples parsing (on each connection's thread) from storage writes (one writer thread), so that with one busy
/// connection both cores work: one parses batch n+1 while the other logs and stores batch n. The queue is bounded:
/// when storage falls behind or refuses writes (a full disk), the writer holds its batch and retries, the queue
/// fills, TCP connections stop reading and senders buffer; UDP input that cannot wait is counted as dropped.
/// A point counts as ingested only once storage has accepted it (it is in the WAL). The writer survives any input:
/// a batch that makes storage throw is split until the offending points are isolated, and only they are lost.
/// </summary>
public sealed partial class IngestPipeline : IPointIntake, IAsyncDisposable
{
    public const int BatchPoints = 8192;

    private readonly IPointSink _sink;
    private readonly IngestPipelineOptions _options;
    private readonly Channel<QueuedBatch> _queue;
    private readonly PointBatchPool _pool = new();
    private readonly ILogger _logger;
    private readonly Action<PointBatch>? _observe;
    private readonly NewSeriesAllowance _allowance;
    private readonly Task _writer;
    private readonly CancellationTokenSource _disposed = new();

    /// <param name="sink">Storage.</param>
    /// <param name="options">Queue length, new-series allowance and retry delays.</param>
    /// <param name="runWriter">Runs the writer loop under supervision (restarts it if it ever crashes).</param>
    /// <param name="logger">Where write failures and refused input are reported (rate-limited).</param>
    /// <param name="observe">Sees every stored batch whose listener has <see cref="ListenerCounters.GraphiteHosts"/>
    /// (the fleet's Graphite host discovery), on the writer thread.</param>
    public IngestPipeline(IPointSink sink, IngestPipelineOptions options, Func<LoopHealth, Func<CancellationToken, Task>, CancellationToken, Task> runWriter, ILogger logger,
        Action<PointBatch>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(runWriter);
        _sink = sink;
        _options = options;
        _logger = logger;
        _observe = observe;
        _allowance = new NewSeriesAllowance(options.MaxNewSeriesPerSourcePerMinute, options.NewSeriesBurstPerSource);
        _queue = Channel.CreateBounded<QueuedBatch>(new BoundedChannelOptions(Math.Max(1, options.QueuedBatches))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = runWriter(Health, _ => Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default), _disposed.Token);
    }

    /// <summary>The writer loop's liveness (beats at least every second while idle).</summary>
    public LoopHealth Health { get; } = new("ingest-writer", TimeSpan.FromMinutes(1));

    /// <summary>Points durably accepted by storage since start (mine_points_ingested_total).</summary>
    public long PointsIngested => Interlocked.Read(ref _pointsIngested);

    /// <summary>Batches waiting for the writer now.</summary>
    public int QueuedBatches => _queue.Reader.Count;

    /// <summary>True while storage refuses writes and the writer holds a batch to write again.</summary>
    public bool Holding => _holding;

    /// <summary>Per-source new-series allowance.</summary>
    public NewSeriesAllowance Allowance => _allowance;

    public PointBatch RentBatch() => _pool.Rent();

    public void ReturnBatch(PointBatch batch) => _pool.Return(batch);

    /// <summary>Queues a filled batch of an internal writer (no new-series limit); waits while the queue is full.</summary>
    public ValueTask SubmitAsync(PointBatch batch, ListenerCounters counters, CancellationToken cancellationToken) =>
        SubmitAsync(batch, counters, null, cancellationToken);

    /// <summary>
    /// Queues a filled batch from <paramref name="source"/> (whose new series count against its allowance); waits
    /// while the queue is full, which is how TCP pushes back on senders. Ownership passes to the pipeline.
    /// </summary>
    public async ValueTask SubmitAsync(PointBatch batch, ListenerCounters counters, string? source, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            ReturnBatch(batch);
            return;
        }

        var item = new QueuedBatch(batch, counters, source);
        try
        {
            while (!_queue.Writer.TryWrite(item))
            {
                if (!await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                {
                    DropUnqueued(batch, counters, "the pipeline is shutting down");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            ReturnBatch(batch);
            throw;
        }
    }

    /// <summary>
    /// Queues a batch and completes once storage has it: every point accepted is in the WAL (and counted in
    /// <see cref="PointsIngested"/>), refused ones are counted by reason. For input that is acknowledged to its sender
    /// (a relay's chunks), which must not be acknowledged before. Throws <see cref="IOException"/> when the batch was
    /// given up (storage closed, or still refusing writes at shutdown). Ownership passes to the pipeline.
    /// </summary>
    public async Task<PointWriteResult> SubmitAndWaitAsync(PointBatch batch, ListenerCounters counters, string? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stored = new TaskCompletionSource<PointWriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var item = new QueuedBatch(batch, counters, source, stored);
        try
        {
            while (!_queue.Writer.TryWrite(item))
            {
                if (!await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                {
                    DropUnqueued(batch, counters, "the pipeline is shutting down");
                    throw new IOException("Mine is shutting down; the points were not stored");
                }
            }
        }
        catch (OperationCanceledException)
        {
            ReturnBatch(batch);
            throw;
        }

        return await stored.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a batch, waiting at most <paramref name="maxWait"/> for room; beyond that the batch is dropped and
    /// counted (<see cref="ListenerCounters.QueueFullDropped"/>). For UDP (whose kernel buffer overflows anyway) and
    /// self-metrics, which must not hang while storage refuses writes. Returns whether the batch was queued.
    /// </summary>
    public async ValueTask<bool> SubmitOrDropAsync(PointBatch batch, ListenerCounters counters, string? source, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            ReturnBatch(batch);
            return true;
        }

        var item = new QueuedBatch(batch, counters, source);
        if (_queue.Writer.TryWrite(item))
        {
            return true;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(maxWait);
        try
        {
            while (await _queue.Writer.WaitToWriteAsync(wait.Token).ConfigureAwait(false))
            {
                if (_queue.Writer.TryWrite(item))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Add(ref counters.QueueFullDropped, batch.Count);
            DropUnqueued(batch, counters, "the ingest queue stayed full (storage slow or refusing writes)");
            return false;
        }
        catch (OperationCanceledException)
        {
            ReturnBatch(batch);
            throw;
        }

        DropUnqueued(batch, counters, "the pipeline is shutting down");
        return false;
    }

    /// <summary>Writes a batch synchronously on the caller's thread (a listener's last batch at shutdown, tests),
    /// without retries: returns the points accepted, 0 when storage refused the batch.</summary>
    public int WriteNow(PointBatch batch, ListenerCounters counters, string? source = null)
    {
        try
        {
            var result = WriteIsolating(batch, counters, source);
            Account(batch.Count, result, counters, source);
            Observe(batch, counters);
            return result.Accepted;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Interlocked.Add(ref _pointsLost, batch.Count);
            Interlocked.Add(ref counters.Dropped, batch.Count);
            _logger.LogError("storage refused {Count} points written directly: {Message}", batch.Count, ex.Message);
            return 0;
        }
    }

    private void DropUnqueued(PointBatch batch, ListenerCounters counters, string why)
    {
        Interlocked.Add(ref counters.Dropped, batch.Count);
        if (_dropLog.ShouldLog(out var suppressed))
        {
            _logger.LogWarning("{Protocol}/{Transport}: dropped {Count} points: {Why} ({Suppressed} more such drops since the last line)",
                counters.Protocol, counters.Transport, batch.Count, why, suppressed);
        }

        ReturnBatch(batch);
    }

    /// <summary>Stores every queued batch before returning; a batch storage keeps refusing is dropped after a few
    /// attempts (and logged), so a full disk cannot hang the shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopRequested = true;
        _wake.Set();
        _queue.Writer.TryComplete();
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            // A writer that crashed while draining is restarted by its supervisor; stop that after a while.
            await using var registration = giveUp.Token.Register(_disposed.Cancel).ConfigureAwait(false);
            await _writer.ConfigureAwait(false);
        }

        _disposed.Dispose();
        _wake.Dispose();
    }

    /// <param name="Stored">Completed once the writer stored the batch (points in the WAL), failed when it gave the
    /// batch up; set for batches whose sender waits for that (forwarded chunks, acknowledged after it).</param>
    private readonly record struct QueuedBatch(PointBatch Batch, ListenerCounters Counters, string? Source, TaskCompletionSource<PointWriteResult>? Stored = null);
}

using Mine.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using Mine.Core.Ports;
using Mine.Core.Series;

namespace Mine.Ingestion;

/// <summary>The writer thread: stores queued batches, holds a batch while storage refuses writes, isolates points
/// that make storage throw, and accounts for every point offered.</summary>
public sealed partial class IngestPipeline
{
    private readonly ManualResetEventSlim _wake = new();
    private readonly LogThrottle _holdLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _failedPointLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _seriesLimitLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _dropLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _observeLog = new(TimeSpan.FromSeconds(60));
    private volatile bool _stopRequested;
    private volatile bool _holding;
    private long _pointsIngested;
    private long _writeRetries;
    private long _pointsFailed;
    private long _pointsLost;
    private long _refusedTooOld;
    private long _refusedInFuture;
    private long _refusedBadName;
    private long _refusedOverSeriesLimit;

    /// <summary>Times a batch storage refused (IOException) was written again (mine_ingest_write_retries_total).</summary>
    public long WriteRetries => Interlocked.Read(ref _writeRetries);

    /// <summary>Points that made storage throw something other than an I/O error, isolated and not stored.</summary>
    public long PointsFailed => Interlocked.Read(ref _pointsFailed);

    /// <summary>Points given up on because storage refused them at shutdown or was already closed.</summary>
    public long PointsLost => Interlocked.Read(ref _pointsLost);

    /// <summary>Points storage refused, by reason: too old, in the future, bad name, over the new-series allowance.</summary>
    public (long TooOld, long InFuture, long BadName, long OverSeriesLimit) Refused => (
        Interlocked.Read(ref _refusedTooOld), Interlocked.Read(ref _refusedInFuture),
        Interlocked.Read(ref _refusedBadName), Interlocked.Read(ref _refusedOverSeriesLimit));

    private void WriteLoop()
    {
        var reader = _queue.Reader;
        Task<bool>? waiting = null;
        while (true)
        {
            Health.Beat();
            if (reader.TryRead(out var item))
            {
                Store(item);
                continue;
            }

            // Wait in one-second slices so that an idle writer still beats: no beat for a minute means stuck.
            waiting ??= reader.WaitToReadAsync().AsTask();
            if (!waiting.Wait(TimeSpan.FromSeconds(1)))
            {
                continue;
            }

            var more = waiting.Result;
            waiting = null;
            if (!more)
            {
                return;
            }
        }
    }

    private void Store(QueuedBatch item)
    {
        try
        {
            if (WriteHolding(item) is { } result)
            {
                Account(item.Batch.Count, result, item.Counters, item.Source);
                Observe(item.Batch, item.Counters);
                item.Stored?.TrySetResult(result);
            }
            else
            {
                item.Stored?.TrySetException(new IOException("storage gave the batch up (closed, or refusing writes at shutdown); it was not stored"));
            }
        }
        catch (Exception ex)
        {
            item.Stored?.TrySetException(ex);
            throw;
        }
        finally
        {
            ReturnBatch(item.Batch);
        }
    }

    /// <summary>
    /// Writes a batch, and while storage refuses it (IOException: disk full, a failing WAL) keeps it and writes it
    /// again after a growing delay. Nothing of a refused batch was acknowledged, and a point written twice is
    /// unchanged, so retrying whole batches is safe. Null when the batch was given up (shutdown, storage closed).
    /// </summary>
    private PointWriteResult? WriteHolding(QueuedBatch item)
    {
        var delay = _options.FirstRetryDelay;
        var attempts = 0;
        while (true)
        {
            try
            {
                var result = WriteIsolating(item.Batch, item.Counters, item.Source);
                if (_holding)
                {
                    _holding = false;
                    Health.Succeeded();
                    _logger.LogWarning("storage accepts writes again after {Attempts} retries; ingest resumed", attempts);
                }

                return result;
            }
            catch (IOException ex)
            {
                attempts++;
                _holding = true;
                Health.Failed($"storage refuses writes, holding input: {ex.Message}");
                if (_stopRequested && attempts >= 3)
                {
                    GiveUp(item, $"storage still refuses writes at shutdown ({ex.Message})");
                    return null;
                }

                Interlocked.Increment(ref _writeRetries);
                if (_holdLog.ShouldLog(out _))
                {
                    _logger.LogError("storage refuses writes ({Message}); holding {Count} points and retrying every {Delay} ms at most; TCP senders are paused, UDP input is dropped while the queue is full",
                        ex.Message, item.Batch.Count, (int)_options.MaxRetryDelay.TotalMilliseconds);
                }

                _wake.Wait(_stopRequested ? TimeSpan.FromMilliseconds(100) : delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
            catch (ObjectDisposedException)
            {
                GiveUp(item, "storage is closed");
                return null;
            }
        }
    }

    private void GiveUp(QueuedBatch item, string why)
    {
        Interlocked.Add(ref _pointsLost, item.Batch.Count);
        Interlocked.Add(ref item.Counters.Dropped, item.Batch.Count);
        _logger.LogError("{Count} points from {Protocol}/{Transport} not stored: {Why}", item.Batch.Count, item.Counters.Protocol, item.Counters.Transport, why);
        _holding = false;
    }

    /// <summary>
    /// Writes the batch with its source's new-series allowance. If storage throws anything but an I/O error (a bug
    /// some input triggers), the batch is split in halves, recursively, down to single points: every other point
    /// is stored, the ones that still fail are counted and logged.
    /// </summary>
    private PointWriteResult WriteIsolating(PointBatch batch, ListenerCounters counters, string? source)
    {
        var allowance = _allowance.Available(source);
        PointWriteResult result;
        try
        {
            result = _sink.Write(batch, allowance);
        }
        catch (Exception ex) when (IsInputFailure(ex))
        {
            var failed = 0;
            result = WriteRange(batch, 0, batch.Count, ref allowance, counters, ref failed);
            Interlocked.Add(ref _pointsFailed, failed);
        }

        _allowance.Consume(source, result.SeriesCreated);
        return result;
    }

    private PointWriteResult WriteRange(PointBatch batch, int start, int count, ref int allowance, ListenerCounters counters, ref int failed)
    {
        if (count == 1)
        {
            var part = Slice(batch, start, 1);
            try
            {
                var single = _sink.Write(part, allowance);
                allowance -= single.SeriesCreated;
                return single;
            }
            catch (Exception ex) when (IsInputFailure(ex))
            {
                failed++;
                if (_failedPointLog.ShouldLog(out var suppressed))
                {
                    _logger.LogError(ex, "storage failed on a point from {Protocol}/{Transport} ({Name} {Timestamp} {Value}); the point is skipped, the rest of its batch stored ({Suppressed} more since the last line)",
                        counters.Protocol, counters.Transport, System.Text.Encoding.UTF8.GetString(batch.Name(start)), batch.Timestamp(start), batch.Value(start), suppressed);
                }

                return new PointWriteResult(1, 0, 0, 0, 0, 0, 0);
            }
            finally
            {
                ReturnBatch(part);
            }
        }

        var half = count / 2;
        var first = WriteHalf(batch, start, half, ref allowance, counters, ref failed);
        var second = WriteHalf(batch, start + half, count - half, ref allowance, counters, ref failed);
        return Sum(first, second);
    }

    private PointWriteResult WriteHalf(PointBatch batch, int start, int count, ref int allowance, ListenerCounters counters, ref int failed)
    {
        if (count == 1)
        {
            return WriteRange(batch, start, 1, ref allowance, counters, ref failed);
        }

        var part = Slice(batch, start, count);
        try
        {
            var result = _sink.Write(part, allowance);
            allowance -= result.SeriesCreated;
            return result;
        }
        catch (Exception ex) when (IsInputFailure(ex))
        {
            return WriteRange(batch, start, count, ref allowance, counters, ref failed);
        }
        finally
        {
            ReturnBatch(part);
        }
    }

    private PointBatch Slice(PointBatch batch, int start, int count)
    {
        var part = RentBatch();
        for (var i = start; i < start + count; i++)
        {
            part.Add(batch.Name(i), batch.Timestamp(i), batch.Value(i));
        }

        return part;
    }

    private static PointWriteResult Sum(PointWriteResult a, PointWriteResult b) => new(
        a.Offered + b.Offered, a.Accepted + b.Accepted, a.TooOld + b.TooOld, a.InFuture + b.InFuture,
        a.BadName + b.BadName, a.OverSeriesLimit + b.OverSeriesLimit, a.SeriesCreated + b.SeriesCreated);

    /// <summary>An exception some input provoked: I/O errors (retry the batch), shutdown and out-of-memory are not.</summary>
    private static bool IsInputFailure(Exception ex) => ex is not (IOException or ObjectDisposedException or OutOfMemoryException or OperationCanceledException);

    private void Observe(PointBatch batch, ListenerCounters counters)
    {
        if (_observe is null || !counters.GraphiteHosts)
        {
            return;
        }

        try
        {
            _observe(batch);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Host discovery is a side view of ingest: its failure must not cost a point.
            if (_observeLog.ShouldLog(out _))
            {
                _logger.LogError(ex, "fleet host discovery failed on a batch from {Protocol}/{Transport}; the points are stored", counters.Protocol, counters.Transport);
            }
        }
    }

    private void Account(int offered, PointWriteResult result, ListenerCounters counters, string? source)
    {
        Interlocked.Add(ref _pointsIngested, result.Accepted);
        Interlocked.Add(ref counters.Accepted, result.Accepted);
        Interlocked.Add(ref counters.Dropped, offered - result.Accepted);
        if (result.Refused == 0)
        {
            return;
        }

        Interlocked.Add(ref _refusedTooOld, result.TooOld);
        Interlocked.Add(ref _refusedInFuture, result.InFuture);
        Interlocked.Add(ref _refusedBadName, result.BadName);
        if (result.OverSeriesLimit > 0)
        {
            Interlocked.Add(ref _refusedOverSeriesLimit, result.OverSeriesLimit);
            Interlocked.Add(ref counters.SeriesLimited, result.OverSeriesLimit);
            if (_seriesLimitLog.ShouldLog(out var suppressed))
            {
                _logger.LogWarning("{Protocol}/{Transport}: source {Source} creates new series faster than Mine:MaxNewSeriesPerSourcePerMinute ({Limit}); {Count} points of new series refused ({Suppressed} more such batches since the last line). Raise the option if this sender is legitimate (a relay for a whole fleet).",
                    counters.Protocol, counters.Transport, source, _options.MaxNewSeriesPerSourcePerMinute, result.OverSeriesLimit, suppressed);
            }
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Schema;
using Mine.Core.Buffers;
using Mine.Storage.Wal;

namespace Mine.ClickHouse.Backlog;

/// <summary>
/// The local WAL of a node that stores into ClickHouse: rows are logged here before a write returns, and a sender
/// inserts them into ClickHouse, oldest segment first, deleting a segment only once ClickHouse acknowledged all its
/// rows. An outage of ClickHouse loses nothing: the node keeps accepting, the backlog grows on disk (not in memory),
/// the sender backs off (1 s doubling to <see cref="BacklogOptions.MaxBackoff"/>) and catches up when ClickHouse is
/// back. A segment sent again after a partial failure inserts its rows again; that is harmless (same Path, Time and
/// value; merges keep one).
/// </summary>
public sealed class ClickHouseBacklog : IDisposable
{
    private readonly WalWriter _wal;
    private readonly ClickHouseClient _client;
    private readonly ClickHouseTables _tables;
    private readonly BacklogOptions _options;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _wake = new(0);
    private long _appendedSinceRotation;
    private long _sentThrough = -1; // every segment below this number has been inserted
    private string? _problem;

    public ClickHouseBacklog(string directory, ClickHouseClient client, ClickHouseTables tables, BacklogOptions? options = null, Action<string>? log = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _tables = tables ?? throw new ArgumentNullException(nameof(tables));
        _options = options ?? new BacklogOptions();
        _log = log ?? (_ => { });
        _wal = WalWriter.Open(directory, new WalOptions { SyncMode = _options.SyncMode, MaxSegmentSize = _options.MaxSegmentBytes }, _log);
        Directory = directory;
    }

    public string Directory { get; }

    public BacklogCounters Counters { get; } = new();

    /// <summary>Called after every segment below the number given was inserted (from the sender; must not block).</summary>
    public Action<long>? Sent { get; set; }

    /// <summary>Bytes waiting on disk to be inserted.</summary>
    public long BacklogBytes => WalReader.BytesOnDisk(Directory);

    /// <summary>Null while inserts succeed; otherwise the last failure, in words an operator can act on.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>Logs <paramref name="rowCount"/> rows of one table (a record: the count as UInt32, then the rows);
    /// durable per <see cref="BacklogOptions.SyncMode"/> when it returns. Returns the segment that holds them (-1 for no rows).</summary>
    /// <exception cref="IOException">The disk refused them: nothing was logged.</exception>
    public long Append(RowKind kind, ReadOnlySpan<byte> rows, int rowCount)
    {
        if (rows.IsEmpty)
        {
            return -1; // nothing logged; asking the WAL for its segment would take its lock, and most batches name no new series
        }

        var record = ArrayPool<byte>.Shared.Rent(rows.Length + 4);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(record, rowCount);
            rows.CopyTo(record.AsSpan(4));
            var segment = _wal.Append((byte)kind, record.AsSpan(0, rows.Length + 4));
            Interlocked.Increment(ref _appendedSinceRotation);
            return segment;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(record);
        }
    }

    /// <summary>Sends until <paramref name="stopping"/>: every <see cref="BacklogOptions.SendInterval"/>, or at once
    /// after <see cref="SendNow"/>. Calls <paramref name="beat"/> at least every second (the loop's health).</summary>
    public async Task RunAsync(Action beat, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(beat);
        var backoff = TimeSpan.Zero;
        var round = Stopwatch.StartNew();
        while (!stopping.IsCancellationRequested)
        {
            beat();
            // At most one round per interval (one insert per table per interval keeps ClickHouse's parts few), but a
            // round that took longer than the interval is followed at once: a backlog is sent without idle gaps.
            var wait = backoff > TimeSpan.Zero ? backoff : _options.SendInterval - round.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await WaitAsync(wait, beat, stopping).ConfigureAwait(false);
            }

            round.Restart();
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await SendClosedSegmentsAsync(beat, stopping).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
                Volatile.Write(ref _problem, null);
            }
            catch (ClickHouseException ex)
            {
                Counters.Failed(ex.Kind);
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                var problem = $"inserting into ClickHouse fails ({ex.Message}); {BacklogBytes / 1024} KiB wait on disk and are sent again in {backoff.TotalSeconds:0} s";
                if (Volatile.Read(ref _problem) is null)
                {
                    _log(problem);
                }

                Volatile.Write(ref _problem, problem);
            }
        }
    }

    /// <summary>Wakes the sender now (a flush asked for).</summary>
    public void SendNow() => _wake.Release();

    /// <summary>Returns once every row appended before the call is inserted, or false after <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = _wal.StartNewSegment(); // every row appended before the call is in a segment below it
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref _sentThrough) < target)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            SendNow();
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public void Dispose()
    {
        _wal.Dispose();
        _wake.Dispose();
    }

    private async Task WaitAsync(TimeSpan wait, Action beat, CancellationToken stopping)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < wait && !stopping.IsCancellationRequested)
        {
            var slice = TimeSpan.FromTicks(Math.Min((wait - until.Elapsed).Ticks, TimeSpan.FromSeconds(1).Ticks));
            try
            {
                if (await _wake.WaitAsync(slice, stopping).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            beat();
        }
    }

    /// <summary>
    /// Closes the current segment when it holds rows, then inserts every closed segment, oldest first. The next segment
    /// is read and compressed while ClickHouse takes the current one, and a segment's points insert runs while the next
    /// segment's names and points go in: ClickHouse parses and sorts one insert on one core, so two at once keep both
    /// busy when a backlog drains (one at a time left ClickHouse idle while Mine prepared the next). A segment is
    /// deleted only once it and every older one are acknowledged; names still go in before the points of the same
    /// segment and after those of older ones.
    /// </summary>
    private async Task SendClosedSegmentsAsync(Action beat, CancellationToken stopping)
    {
        var current = Interlocked.Exchange(ref _appendedSinceRotation, 0) > 0 ? _wal.StartNewSegment() : _wal.CurrentSegment;
        var segments = WalReader.Segments(Directory).TakeWhile(segment => segment < current).ToList();
        Task<PreparedSegment>? next = segments.Count > 0 ? Task.Run(() => Prepare(segments[0]), stopping) : null;
        (Task Insert, long Segment)? pointsInFlight = null;
        try
        {
            for (var i = 0; i < segments.Count; i++)
            {
                var prepared = await next!.ConfigureAwait(false);
                if (i + 1 < segments.Count)
                {
                    var following = segments[i + 1]; // read now: the task may run after the loop moved on
                    next = Task.Run(() => Prepare(following), stopping);
                }
                else
                {
                    next = null;
                }

                await InsertAsync(_tables.Index, prepared.Index, stopping).ConfigureAwait(false);
                await InsertAsync(_tables.Tagged, prepared.Tagged, stopping).ConfigureAwait(false);
                var previous = pointsInFlight;
                pointsInFlight = (InsertAsync(_tables.Points, prepared.Points, stopping), prepared.Segment);
                if (previous is { } older)
                {
                    await older.Insert.ConfigureAwait(false);
                    _wal.RemoveSegmentsBefore(older.Segment + 1);
                }

                beat();
            }

            if (pointsInFlight is { } last)
            {
                pointsInFlight = null;
                await last.Insert.ConfigureAwait(false);
                _wal.RemoveSegmentsBefore(last.Segment + 1);
            }
        }
        finally
        {
            // A failed insert leaves nothing running behind it: the other insert and the compression are waited for
            // (their own failures do not matter, the one on its way up does; the segments stay for the next round).
            await Quietly(pointsInFlight?.Insert).ConfigureAwait(false);
            await Quietly(next).ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _sentThrough, current);
        Sent?.Invoke(current);
    }

    private static async Task Quietly(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // See the caller.
        }
    }

    /// <summary>A segment's rows by table, compressed for their inserts.</summary>
    private sealed record PreparedSegment(long Segment, CompressedRows Index, CompressedRows Tagged, CompressedRows Points);

    private PreparedSegment Prepare(long segment)
    {
        using var points = new PooledBufferWriter();
        using var index = new PooledBufferWriter();
        using var tagged = new PooledBufferWriter();
        var rowCounts = new long[4];
        WalReader.ReadSegment(Directory, segment, (type, payload) =>
        {
            var target = (RowKind)type switch
            {
                RowKind.Points => points,
                RowKind.Index => index,
                RowKind.Tagged => tagged,
                _ => null, // a kind a newer Mine wrote: skipped, this version cannot insert it
            };
            if (target is not null && payload.Length >= 4)
            {
                rowCounts[type] += BinaryPrimitives.ReadInt32LittleEndian(payload);
                var rows = payload[4..];
                rows.CopyTo(target.GetSpan(rows.Length));
                target.Advance(rows.Length);
            }
        }, _log);

        return new PreparedSegment(
            segment,
            CompressedRows.Of(index.WrittenSpan, rowCounts[(int)RowKind.Index], _options.Compress),
            CompressedRows.Of(tagged.WrittenSpan, rowCounts[(int)RowKind.Tagged], _options.Compress),
            CompressedRows.Of(points.WrittenSpan, rowCounts[(int)RowKind.Points], _options.Compress));
    }

    private async Task InsertAsync(string table, CompressedRows rows, CancellationToken stopping)
    {
        if (rows.IsEmpty)
        {
            return;
        }

        var started = Stopwatch.StartNew();
        await _client.InsertCompressedAsync($"{_tables.Database}.{table}", rows, stopping).ConfigureAwait(false);
        Counters.Sent(rows.RowCount, rows.Length, started.Elapsed);
        rows.Return(); // only after success: a failed round's rows are dropped with it, and the pool simply misses them
    }
}

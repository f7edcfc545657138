using Mine.Core.Ports;
using Mine.Core.Series;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>Accepts a batch with no limit on new series; returns the points accepted (see <see cref="Write(PointBatch, int)"/>).</summary>
    public int Write(PointBatch batch) => Write(batch, int.MaxValue).Accepted;

    /// <summary>
    /// Accepts a batch: resolves names to series (creating new ones with their schema), refuses points storage cannot
    /// keep (a name it cannot hold, outside retention, too far in the future, beyond the caller's allowance of new
    /// series) before anything is created for them, logs the rest to the WAL, then makes them visible in the head.
    /// When it returns, the accepted points are in the OS and survive a kill -9 of this process.
    /// </summary>
    /// <exception cref="IOException">The disk refused the write (full, failing). Nothing of this batch was
    /// acknowledged; series it created exist, empty. Write the batch again later: a slot written twice with the
    /// same value is unchanged.</exception>
    public PointWriteResult Write(PointBatch batch, int newSeriesAllowance)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return default;
        }

        lock (_writeLock)
        {
            try
            {
                return WriteLocked(batch, newSeriesAllowance);
            }
            catch (IOException ex)
            {
                _writeHealth.Failed(ex);
                throw;
            }
        }
    }

    private PointWriteResult WriteLocked(PointBatch batch, int newSeriesAllowance)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureWalLocked();
        var result = _admission.Admit(batch, NowSeconds(), newSeriesAllowance, _columns);
        Counters.PointsInFuture += result.InFuture;
        Counters.PointsTooOld += result.TooOld;
        Counters.PointsBadName += result.BadName;
        Counters.PointsOverSeriesLimit += result.OverSeriesLimit;
        if (result.Accepted == 0)
        {
            FlushCatalogLocked();
            return result;
        }

        AppendLocked(result.Accepted);
        Counters.PointsAccepted += result.Accepted;
        return result;
    }

    /// <summary>A series <see cref="PointAdmission"/> just created (caller holds the write lock).</summary>
    private void OnSeriesCreated(SeriesInfo info)
    {
        IndexName(info);
        Counters.SeriesCreated++;
    }

    private void IndexName(SeriesInfo info)
    {
        _retention.Observe(info);
        _nameIndex.TryAdd(info.Name, info.Id);
    }

    /// <summary>
    /// Series records reach the OS before any WAL record that uses their ids (recovery relies on it). Records still
    /// buffered from an earlier batch whose write failed (a full disk) go too, before this batch's WAL record.
    /// </summary>
    private void FlushCatalogLocked()
    {
        if (!_catalog.HasPendingRecords)
        {
            return;
        }

        _catalog.FlushLog(_options.WalSyncMode == Wal.WalSyncMode.Always);
        _faults.Hit(FaultPoints.WriteCatalogFlushed);
    }

    /// <summary>
    /// Logs and applies the first <paramref name="count"/> points of the columns (caller holds the write lock).
    /// The head is rotated <em>before</em> a record is logged, never between logging and applying: a record must live
    /// in a WAL segment of the head that holds its points, or a flush of the older head would delete the only
    /// durable copy of points that are still only in memory. A batch larger than the head's room is logged in
    /// pieces, one record per piece, each in the segment of its head.
    /// </summary>
    private void AppendLocked(int count)
    {
        FlushCatalogLocked();

        var at = 0;
        while (at < count)
        {
            // The WAL first: replacing a failed WAL freezes the active head, and a head taken before that would
            // take points after it was handed to the flusher.
            var wal = EnsureWalLocked();
            var head = _state.Active;
            if (head.Count >= head.Capacity)
            {
                head = RotateHeadLocked();
                wal = EnsureWalLocked();
            }

            var piece = Math.Min(count - at, head.Capacity - head.Count);
            var record = _columns.EncodeWal(at, piece);
            wal.Append(PointColumns.WalPointsRecord, record);
            _faults.Hit(FaultPoints.WriteWalAppended);
            _columns.AppendTo(head, at, piece);
            at += piece;
        }

        _writeHealth.Succeeded();
    }

    /// <summary>Replay: points into the head without logging them again (they are in the WAL being replayed).</summary>
    private void ApplyReplayedLocked(int count)
    {
        var at = 0;
        while (at < count)
        {
            var head = _state.Active;
            if (head.Count >= head.Capacity)
            {
                head = RotateHeadLocked();
            }

            var piece = Math.Min(count - at, head.Capacity - head.Count);
            _columns.AppendTo(head, at, piece);
            at += piece;
        }
    }

    /// <summary>Replays one WAL points record into the head (recovery; caller holds the write lock).</summary>
    private void ReplayWalPoints(ReadOnlySpan<byte> payload)
    {
        var kept = _columns.DecodeWal(payload, _catalog);
        ApplyReplayedLocked(kept);
        Counters.PointsReplayed += kept;
    }

    /// <summary>Writes rolled-up points straight to a given archive (not chosen by age), through the WAL.</summary>
    private void WriteDerived(List<(int Series, int Archive, long Time, double Value)> points)
    {
        lock (_writeLock)
        {
            var at = 0;
            while (at < points.Count)
            {
                var count = Math.Min(4096, points.Count - at);
                _columns.EnsureCapacity(count);
                for (var i = 0; i < count; i++)
                {
                    var (series, archive, time, value) = points[at + i];
                    _columns.Set(i, series, (byte)archive, (uint)time, value);
                }

                AppendLocked(count);
                at += count;
            }
        }
    }
}

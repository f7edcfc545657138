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

        lock (_appendGate)
        {
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
    /// <summary>
    /// Writes a merge's rollups through the WAL, except into coarse slots that already hold a stored value. Such a
    /// value came from an earlier write of the same rollup (a merge redone after a crash: the same value), from a
    /// point old enough to be written to the coarse archive directly, or from whisper's own file (an imported series,
    /// whose coarse slot at the fine archive's edge was computed from fine points Mine never held). Whisper keeps
    /// the last two, since its propagation runs only when a fine point is written; so does Mine.
    /// </summary>
    private void WriteRollups(List<(int Series, int Archive, long Time, double Value)> rollups)
    {
        lock (_appendGate)
        {
            lock (_writeLock)
            {
                var kept = DropRollupsIntoStoredSlots(rollups);
                if (kept > 0)
                {
                    Interlocked.Add(ref Counters.RollupSlotsKept, kept);
                }

                var at = 0;
                while (at < rollups.Count)
                {
                    var count = Math.Min(4096, rollups.Count - at);
                    _columns.EnsureCapacity(count);
                    for (var i = 0; i < count; i++)
                    {
                        var (series, archive, time, value) = rollups[at + i];
                        _columns.Set(i, series, (byte)archive, (uint)time, value);
                    }

                    AppendLocked(count);
                    at += count;
                }
            }
        }
    }

    /// <summary>Removes the rollups whose slot holds a stored value, reading each series' run of rollups (they come
    /// per block, in time order) with one stored read; returns how many were removed. Under the write lock.</summary>
    private int DropRollupsIntoStoredSlots(List<(int Series, int Archive, long Time, double Value)> rollups)
    {
        var write = 0;
        var runStart = 0;
        while (runStart < rollups.Count)
        {
            var (series, archive, first, _) = rollups[runStart];
            var runEnd = runStart + 1;
            while (runEnd < rollups.Count && rollups[runEnd].Series == series && rollups[runEnd].Archive == archive && rollups[runEnd].Time > rollups[runEnd - 1].Time)
            {
                runEnd++;
            }

            var step = _catalog.Get(series).Archives[archive].StepSeconds;
            var slots = (int)((rollups[runEnd - 1].Time - first) / step) + 1;
            var values = System.Buffers.ArrayPool<double>.Shared.Rent(slots);
            try
            {
                ReadStoredSlots(series, archive, step, first, values.AsSpan(0, slots));
                for (var i = runStart; i < runEnd; i++)
                {
                    if (double.IsNaN(values[(int)((rollups[i].Time - first) / step)]))
                    {
                        rollups[write++] = rollups[i];
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<double>.Shared.Return(values);
            }

            runStart = runEnd;
        }

        var removed = rollups.Count - write;
        rollups.RemoveRange(write, removed);
        return removed;
    }
}

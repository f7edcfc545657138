using System.Buffers.Binary;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Blocks;
using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    internal const byte WalPointsRecord = 1;

    private int _lastWrittenId = -1;

    // Scratch for the batch being written; only touched under _writeLock.
    private int[] _batchSeries = new int[4096];
    private byte[] _batchArchive = new byte[4096];
    private uint[] _batchSlot = new uint[4096];
    private double[] _batchValue = new double[4096];
    private byte[] _walBuffer = new byte[4096 * 16];

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
                SetWriteProblem(ex);
                throw;
            }
        }
    }

    private PointWriteResult WriteLocked(PointBatch batch, int newSeriesAllowance)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureWalLocked();
        EnsureScratch(batch.Count);
        var now = NowSeconds();
        var futureLimit = now + (long)_options.FutureTolerance.TotalSeconds;
        var accepted = 0;
        int tooOld = 0, inFuture = 0, badName = 0, overLimit = 0, created = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var timestamp = batch.Timestamp(i);
            if (timestamp > futureLimit || timestamp > uint.MaxValue)
            {
                inFuture++;
                continue;
            }

            if (timestamp < 0)
            {
                tooOld++;
                continue;
            }

            var name = batch.Name(i);
            var age = now - timestamp;

            // Senders repeat the same names in the same order every interval (a relay flushing its cache, a
            // host's agent, the fleet generator), so "the series after the previous one" is usually right and
            // costs one sequential compare instead of a hash probe into random memory.
            var id = _lastWrittenId + 1;
            if ((uint)id >= (uint)_catalog.Count || !_catalog.NameEquals(id, name))
            {
                var hash = NameHashTable.Hash(name);
                if (!_catalog.TryResolve(name, hash, out id))
                {
                    // A new series: everything that would refuse the point is checked before anything exists.
                    var refusal = CheckNewSeries(name, age, created, newSeriesAllowance, out var schema, out var text);
                    switch (refusal)
                    {
                        case NewSeriesRefusal.BadName:
                            badName++;
                            continue;
                        case NewSeriesRefusal.TooOld:
                            tooOld++;
                            continue;
                        case NewSeriesRefusal.OverLimit:
                            overLimit++;
                            continue;
                    }

                    id = CreateSeries(name, hash, text!, schema!);
                    created++;
                }
            }

            _lastWrittenId = id;
            int archive, step;
            if (age < _catalog.FinestRetention(id))
            {
                archive = 0;
                step = _catalog.FinestStep(id);
            }
            else
            {
                var info = _catalog.Get(id);
                archive = info.ArchiveForAge(age);
                if (archive < 0)
                {
                    tooOld++;
                    continue;
                }

                step = info.Archives[archive].StepSeconds;
            }

            _batchSeries[accepted] = id;
            _batchArchive[accepted] = (byte)archive;
            _batchSlot[accepted] = (uint)(timestamp - timestamp % step);
            _batchValue[accepted] = batch.Value(i);
            accepted++;
        }

        Counters.PointsInFuture += inFuture;
        Counters.PointsTooOld += tooOld;
        Counters.PointsBadName += badName;
        Counters.PointsOverSeriesLimit += overLimit;
        var result = new PointWriteResult(batch.Count, accepted, tooOld, inFuture, badName, overLimit, created);
        if (accepted == 0)
        {
            FlushCatalogLocked();
            return result;
        }

        AppendLocked(accepted);
        Counters.PointsAccepted += accepted;
        return result;
    }

    private enum NewSeriesRefusal
    {
        None,
        BadName,
        TooOld,
        OverLimit,
    }

    /// <summary>Whether a point may create its (new) series; on success, the schema it gets and its name as text.</summary>
    private NewSeriesRefusal CheckNewSeries(ReadOnlySpan<byte> name, long age, int created, int allowance, out StorageSchema? schema, out string? text)
    {
        schema = null;
        text = null;
        if (MetricNames.Check(name) != MetricNameProblem.None)
        {
            return NewSeriesRefusal.BadName;
        }

        text = System.Text.Encoding.UTF8.GetString(name);
        schema = _schemas.Match(text);
        if (schema.Archives.Count == 0 || age >= schema.MaxRetentionSeconds)
        {
            return NewSeriesRefusal.TooOld;
        }

        return created >= allowance ? NewSeriesRefusal.OverLimit : NewSeriesRefusal.None;
    }

    private int CreateSeries(ReadOnlySpan<byte> name, ulong hash, string text, StorageSchema schema)
    {
        var (method, xff) = _aggregation.Match(text);
        if (schema.Archives.Count > SeriesInfo.MaxArchives)
        {
            throw new InvalidDataException($"Schema '{schema.Name}' has {schema.Archives.Count} archives; Mine supports at most {SeriesInfo.MaxArchives}.");
        }

        var info = _catalog.Create(name, hash, schema.Archives.ToArray(), method, xff);
        IndexName(info);
        Counters.SeriesCreated++;
        return info.Id;
    }

    private void IndexName(SeriesInfo info)
    {
        foreach (var archive in info.Archives)
        {
            _minRetentionByStep.AddOrUpdate(archive.StepSeconds, archive.RetentionSeconds, (_, old) => Math.Min(old, archive.RetentionSeconds));
        }

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
    /// Logs and applies the first <paramref name="count"/> points of the scratch arrays (caller holds the write lock).
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
            var head = _state.Active;
            if (head.Count >= head.Capacity)
            {
                head = RotateHeadLocked();
            }

            var piece = Math.Min(count - at, head.Capacity - head.Count);
            var walLength = EncodeWalPoints(at, piece);
            EnsureWalLocked().Append(WalPointsRecord, _walBuffer.AsSpan(0, walLength));
            _faults.Hit(FaultPoints.WriteWalAppended);
            for (var i = at; i < at + piece; i++)
            {
                head.Append(_batchSeries[i], _batchArchive[i], _batchSlot[i], _batchValue[i]);
            }

            at += piece;
        }

        ClearWriteProblem();
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
            for (var i = at; i < at + piece; i++)
            {
                head.Append(_batchSeries[i], _batchArchive[i], _batchSlot[i], _batchValue[i]);
            }

            at += piece;
        }
    }

    /// <summary>WAL payload: [u8 version=1][u32 count] then per point [varint series][u8 archive][varint zigzag Δslot][f64 value].</summary>
    private int EncodeWalPoints(int start, int count)
    {
        var needed = 5 + count * 24;
        if (_walBuffer.Length < needed)
        {
            _walBuffer = new byte[needed * 2];
        }

        var span = _walBuffer.AsSpan();
        span[0] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], count);
        var at = 5;
        long previousSlot = 0;
        for (var i = start; i < start + count; i++)
        {
            at = VarInt.Write(span, at, (uint)_batchSeries[i]);
            span[at++] = _batchArchive[i];
            long delta = _batchSlot[i] - previousSlot;
            previousSlot = _batchSlot[i];
            at = VarInt.Write(span, at, VarInt.ZigZag(delta));
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], _batchValue[i]);
            at += 8;
        }

        return at;
    }

    /// <summary>Replays one WAL points record into the head (recovery; caller holds the write lock).</summary>
    private void ReplayWalPoints(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 5 || payload[0] != 1)
        {
            throw new InvalidDataException($"WAL points record has unknown version {(payload.Length > 0 ? payload[0] : -1)}.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
        // Each point takes at least 10 bytes; a count the payload cannot hold is damage the CRC did not catch.
        if (count < 0 || count > (payload.Length - 5) / 10)
        {
            throw new InvalidDataException($"WAL points record claims {count} points in {payload.Length} bytes.");
        }

        EnsureScratch(count);
        var at = 5;
        long slot = 0;
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var series = VarInt.Read(payload, ref at);
            var archive = payload[at++];
            slot += VarInt.UnZigZag(VarInt.Read(payload, ref at));
            var value = BinaryPrimitives.ReadDoubleLittleEndian(payload[at..]);
            at += 8;
            if (series >= (ulong)_catalog.Count || archive >= _catalog.Get((int)series).Archives.Length || (ulong)slot > uint.MaxValue)
            {
                continue; // Cannot happen unless the series log lost its tail; such points have no name to go to.
            }

            if (slot < 0 || slot > uint.MaxValue || slot % _catalog.Get((int)series).Archives[archive].StepSeconds != 0)
            {
                continue; // Not a slot of this archive: the record or series.log was damaged behind a valid checksum.
            }

            _batchSeries[kept] = (int)series;
            _batchArchive[kept] = archive;
            _batchSlot[kept] = (uint)slot;
            _batchValue[kept] = value;
            kept++;
        }

        ApplyReplayedLocked(kept);
        Counters.PointsReplayed += kept;
    }

    private void EnsureScratch(int count)
    {
        if (_batchSeries.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, _batchSeries.Length * 2);
        _batchSeries = new int[size];
        _batchArchive = new byte[size];
        _batchSlot = new uint[size];
        _batchValue = new double[size];
    }
}

using System.Buffers.Binary;
using Mine.Core.Series;
using Mine.Storage.Blocks;

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

    /// <summary>
    /// Accepts a batch: resolves names to series (creating new ones with their schema), drops points outside
    /// retention, logs the rest to the WAL, then makes them visible in the head. Returns the points accepted;
    /// when it returns they are in the OS and survive a kill -9 of this process.
    /// </summary>
    public int Write(PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return 0;
        }

        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureScratch(batch.Count);
            var now = NowSeconds();
            var futureLimit = now + (long)_options.FutureTolerance.TotalSeconds;
            var accepted = 0;
            var createdSeries = false;
            for (var i = 0; i < batch.Count; i++)
            {
                var name = batch.Name(i);

                // Senders repeat the same names in the same order every interval (a relay flushing its cache, a
                // host's agent, the fleet generator), so "the series after the previous one" is usually right and
                // costs one sequential compare instead of a hash probe into random memory.
                var id = _lastWrittenId + 1;
                if ((uint)id >= (uint)_catalog.Count || !_catalog.NameEquals(id, name))
                {
                    var hash = NameHashTable.Hash(name);
                    if (!_catalog.TryResolve(name, hash, out id))
                    {
                        id = CreateSeries(name, hash);
                        createdSeries = true;
                    }
                }

                _lastWrittenId = id;
                var timestamp = batch.Timestamp(i);
                if (timestamp > futureLimit || timestamp > uint.MaxValue)
                {
                    Counters.PointsInFuture++;
                    continue;
                }

                int archive, step;
                var age = now - timestamp;
                if (age < _catalog.FinestRetention(id) && timestamp >= 0)
                {
                    archive = 0;
                    step = _catalog.FinestStep(id);
                }
                else
                {
                    var info = _catalog.Get(id);
                    archive = info.ArchiveForAge(Math.Max(0, age));
                    if (archive < 0 || timestamp < 0)
                    {
                        Counters.PointsTooOld++;
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

            if (accepted == 0)
            {
                if (createdSeries)
                {
                    _catalog.FlushLog(_options.WalSyncMode == Wal.WalSyncMode.Always);
                }

                return 0;
            }

            // Order matters for recovery: series names reach the OS before any WAL record that uses their ids.
            if (createdSeries)
            {
                _catalog.FlushLog(_options.WalSyncMode == Wal.WalSyncMode.Always);
            }

            var walLength = EncodeWalPoints(accepted);
            _wal.Append(WalPointsRecord, _walBuffer.AsSpan(0, walLength));
            ApplyToHead(accepted);
            Counters.PointsAccepted += accepted;
            return accepted;
        }
    }

    private int CreateSeries(ReadOnlySpan<byte> name, ulong hash)
    {
        var text = System.Text.Encoding.UTF8.GetString(name);
        var schema = _schemas.Match(text);
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

    private void ApplyToHead(int count)
    {
        var head = _state.Active;
        if (head.Count + count > head.Capacity)
        {
            head = RotateHeadLocked();
        }

        for (var i = 0; i < count; i++)
        {
            head.Append(_batchSeries[i], _batchArchive[i], _batchSlot[i], _batchValue[i]);
        }
    }

    /// <summary>WAL payload: [u8 version=1][u32 count] then per point [varint series][u8 archive][varint zigzag Δslot][f64 value].</summary>
    private int EncodeWalPoints(int count)
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
        for (var i = 0; i < count; i++)
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
            if (series >= (ulong)_catalog.Count || archive >= _catalog.Get((int)series).Archives.Length)
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

        ApplyToHead(kept);
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

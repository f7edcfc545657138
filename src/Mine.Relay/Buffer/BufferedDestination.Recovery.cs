using System.Buffers;
using Mine.Core.Series;
using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>
/// Start: the folder as a previous run left it (stopped or killed). Sealed chunks are indexed from their headers
/// alone (a 10 GB backlog must not be read at start; bodies are checked when sent); staged files are read, cut at a
/// torn last record and sealed; damaged files go to <c>corrupt/</c>. Nothing found here stops a start.
/// </summary>
internal sealed partial class BufferedDestination
{
    /// <summary>Indexes and repairs the folder; <paramref name="scratch"/> is a batch to decode staged files into.</summary>
    public void Recover(PointBatch scratch)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var chunks = new List<ChunkId>();
        var staged = new List<ChunkId>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (ChunkFiles.TryParse(name, ChunkFiles.ChunkExtension, out var id))
            {
                chunks.Add(id);
            }
            else if (ChunkFiles.TryParse(name, ChunkFiles.StagedExtension, out id))
            {
                staged.Add(id);
            }
            else if (name.EndsWith(ChunkFiles.TemporaryExtension, StringComparison.Ordinal))
            {
                // A seal killed before its rename; its staged file is still there and is sealed below.
                ChunkFiles.TryDelete(path);
            }
            else
            {
                _log($"buffer: {path} is not a buffer file; left alone");
            }
        }

        chunks.Sort();
        staged.Sort();
        var indexed = new HashSet<ChunkId>();
        foreach (var id in chunks)
        {
            if (IndexSealed(id))
            {
                indexed.Add(id);
            }
        }

        foreach (var id in staged)
        {
            if (indexed.Contains(id))
            {
                // Killed between the seal's rename and the staged file's deletion: the chunk is complete.
                ChunkFiles.TryDelete(ChunkFiles.StagedPath(Directory, id));
            }
            else
            {
                RecoverStaged(id, scratch);
            }
        }

        foreach (var id in chunks.Concat(staged))
        {
            _lastId = id > _lastId ? id : _lastId;
        }
    }

    private bool IndexSealed(ChunkId id)
    {
        var name = id + ChunkFiles.ChunkExtension;
        long length;
        string? damage = null;
        var points = 0;
        try
        {
            using var file = File.OpenHandle(ChunkFiles.ChunkPath(Directory, id));
            length = RandomAccess.GetLength(file);
            Span<byte> header = stackalloc byte[ChunkPayload.HeaderSize];
            if (length < ChunkPayload.HeaderSize || RandomAccess.Read(file, header, 0) < ChunkPayload.HeaderSize)
            {
                damage = $"{length} bytes, shorter than a chunk header";
            }
            else
            {
                points = ChunkPayload.PointCount(header);
            }
        }
        catch (ChunkFormatException e)
        {
            damage = e.Message;
            length = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"buffer: cannot read {FileName(id, ChunkFiles.ChunkExtension)} ({e.Message}); left where it is, not sent until a restart can read it");
            return false;
        }

        if (damage is not null)
        {
            ChunkFiles.Quarantine(Directory, name, damage, _log);
            _chunksQuarantined++;
            return false;
        }

        Enqueue(id, new QueuedEntry(length, points));
        _room.Adjust(length);
        return true;
    }

    private void RecoverStaged(ChunkId id, PointBatch scratch)
    {
        var name = id + ChunkFiles.StagedExtension;
        var path = ChunkFiles.StagedPath(Directory, id);
        byte[] records;
        try
        {
            if (new FileInfo(path).Length > ChunkPayload.MaxRecordBytes)
            {
                ChunkFiles.Quarantine(Directory, name, $"longer than the {ChunkPayload.MaxRecordBytes} record bytes a chunk holds", _log);
                _chunksQuarantined++;
                return;
            }

            records = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"buffer: cannot read {FileName(id, ChunkFiles.StagedExtension)} ({e.Message}); left where it is, recovered at a later start");
            return;
        }

        scratch.Clear();
        string? damage = null;
        var whole = 0;
        try
        {
            whole = ChunkRecords.TryReadAll(records, scratch);
        }
        catch (ChunkFormatException e)
        {
            // TryReadAll adds records as it reads them: the batch holds every whole record before the damage.
            damage = e.Message;
        }

        if (scratch.Count == 0 || scratch.Count > ChunkPayload.MaxPoints)
        {
            if (damage is not null || scratch.Count > 0)
            {
                ChunkFiles.Quarantine(Directory, name, damage ?? $"more than the {ChunkPayload.MaxPoints} points a chunk holds", _log);
                _chunksQuarantined++;
            }
            else
            {
                ChunkFiles.TryDelete(path); // empty, or a torn first record: nothing was ever whole in it
            }

            return;
        }

        byte[] payload;
        try
        {
            payload = damage is null ? ChunkPayload.Seal(records.AsSpan(0, whole), scratch.Count) : SealDecoded(scratch);
            ChunkFiles.WriteSealed(Directory, id, payload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"buffer: cannot seal {FileName(id, ChunkFiles.StagedExtension)} ({e.Message}); left staged, recovered at a later start");
            return;
        }

        if (damage is not null)
        {
            ChunkFiles.Quarantine(Directory, name, $"{damage}; the {scratch.Count} points before the damage were kept", _log);
            _chunksQuarantined++;
        }
        else
        {
            ChunkFiles.TryDelete(path);
            var torn = records.Length - whole;
            _log($"buffer: recovered staged chunk {FileName(id, ChunkFiles.StagedExtension)}: {scratch.Count} points sealed"
                + (torn > 0 ? $", a torn last record of {torn} bytes cut" : ""));
        }

        Enqueue(id, new QueuedEntry(payload.Length, scratch.Count));
        _room.Adjust(payload.Length);
    }

    private static byte[] SealDecoded(PointBatch points)
    {
        var records = new ArrayBufferWriter<byte>(points.NameBytesUsed + (points.Count * 19));
        ChunkRecords.WriteAll(records, points);
        return ChunkPayload.Seal(records.WrittenSpan, points.Count);
    }
}

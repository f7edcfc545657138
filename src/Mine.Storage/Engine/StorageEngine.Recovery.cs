using Mine.Storage.Index;
using Mine.Storage.Parts;
using Mine.Storage.Wal;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Start-up: index every series of series.log, map the part files (dropping leftovers of an interrupted merge),
    /// then replay the WAL segments the parts do not already cover. Damage is repaired and logged, never fatal.
    /// </summary>
    private void Recover()
    {
        foreach (var info in _catalog.All())
        {
            // A name the index cannot hold (written by an older Mine that let it through) must not stop the start:
            // its id stays taken, its points stay on disk, it is just not queryable, and the log says so.
            if (!MetricNameIndex.CanHold(info.Name))
            {
                Counters.SeriesSkippedAtStart++;
                _options.Log($"series {info.Id} '{info.Name}' cannot be indexed (an empty path component or a malformed tag); its points are kept but not queryable");
                continue;
            }

            IndexName(info);
        }

        var checkpoint = ReadCheckpoint();
        var parts = OpenParts(checkpoint);
        long walStart;
        if (checkpoint is { } committed)
        {
            _generation = Math.Max(committed.Generation, parts.Count == 0 ? 0 : parts.Max(static p => p.Header.Generation));
            walStart = committed.WalSegmentEnd;
        }
        else
        {
            // No checkpoint: a new folder (no parts: nothing flushed yet), or one written before checkpoints existed
            // or whose checkpoint is damaged: then each part's own WAL claim is all there is. The checkpoint is
            // written now, before any flush, so a crash in this folder's first flush is judged by it too.
            _generation = parts.Count == 0 ? 0 : parts.Max(static p => p.Header.Generation);
            walStart = parts.Count == 0 ? 0 : parts.Max(static p => p.Header.WalSegmentEnd);
            _baseCheckpoint = new FlushCheckpoint(_generation, walStart);
            TryWriteBaseCheckpoint();
        }

        _state = new EngineState(WithParts(new Dictionary<int, PartReader[]>(), parts, []), NewHead(), null);

        var walDirectory = Path.Combine(_options.DataDirectory, "wal");
        Directory.CreateDirectory(walDirectory);
        foreach (var segment in WalFormat.ListSegments(walDirectory))
        {
            if (segment < walStart)
            {
                File.Delete(WalFormat.SegmentPath(walDirectory, segment)); // already in committed parts (a flush stopped before trimming)
            }
        }

        try
        {
            _wal = WalWriter.Open(walDirectory, WalOptions, _options.Log);
        }
        catch (IOException ex)
        {
            // A full disk: start anyway and serve what is stored; writes are refused until a segment can be created.
            _writeHealth.Failed(ex);
        }

        _flusher.Start();
        _recovering = true;
        _recoveryWalStart = walStart;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var skippedRecords = 0;
        WalReplaySummary summary;
        lock (_writeLock)
        {
            summary = WalReader.Replay(walDirectory, (type, payload) =>
            {
                if (type != PointColumns.WalPointsRecord)
                {
                    return;
                }

                if (IsReplayablePointsRecord(payload, out var problem))
                {
                    ReplayWalPoints(payload);
                }
                else
                {
                    // The record's checksum matched, so this is a bug or deliberate damage; skip it, keep the rest.
                    skippedRecords++;
                    _options.Log($"WAL: a points record of {payload.Length} bytes cannot be replayed ({problem}); skipped, its points are lost");
                }
            }, _options.Log);
            _recovering = false;
        }

        _options.Log($"storage open: {_catalog.Count} series, {parts.Count} parts, WAL replayed {summary.Records - skippedRecords} records " +
            $"({Counters.PointsReplayed} points) from {summary.Segments} segment(s) in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms" +
            (skippedRecords > 0 ? $", {skippedRecords} damaged record(s) skipped" : ""));
    }

    /// <summary>
    /// Writes the checkpoint a folder needs before its first flush (see Recover). If the disk is full at start, the
    /// flush writes it before its first part instead.
    /// </summary>
    private void TryWriteBaseCheckpoint()
    {
        if (_baseCheckpoint is not { } checkpoint)
        {
            return;
        }

        try
        {
            checkpoint.Write(_options.DataDirectory);
            _baseCheckpoint = null;
        }
        catch (IOException ex)
        {
            _options.Log($"cannot write the checkpoint yet ({ex.Message}); the first flush writes it first");
        }
    }

    private FlushCheckpoint? ReadCheckpoint()
    {
        try
        {
            return FlushCheckpoint.Read(_options.DataDirectory);
        }
        catch (InvalidDataException ex)
        {
            var quarantine = Path.Combine(_options.DataDirectory, "corrupt");
            Directory.CreateDirectory(quarantine);
            File.Move(Path.Combine(_options.DataDirectory, FlushCheckpoint.FileName), Path.Combine(quarantine, FlushCheckpoint.FileName), overwrite: true);
            _options.Log($"{ex.Message} Moved to {quarantine}; recovering from the parts' own WAL claims.");
            return null;
        }
    }

    private List<PartReader> OpenParts(FlushCheckpoint? checkpoint)
    {
        var parts = new List<PartReader>();
        foreach (var path in Directory.EnumerateFiles(_partsDirectory, "*", SearchOption.AllDirectories))
        {
            if (path.EndsWith(".tmp", StringComparison.Ordinal))
            {
                File.Delete(path); // a part that was being written when the process stopped; its data is still in the WAL
                continue;
            }

            if (!path.EndsWith(PartFormat.Extension, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                parts.Add(PartReader.Open(path));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                var quarantine = Path.Combine(_options.DataDirectory, "corrupt");
                Directory.CreateDirectory(quarantine);
                File.Move(path, Path.Combine(quarantine, Path.GetFileName(path)), overwrite: true);
                _options.Log($"part {path} is unreadable ({ex.Message}); moved to {quarantine}, its data is missing from queries");
            }
        }

        // Parts of a flush the checkpoint does not name were written by a flush that stopped before all its parts
        // existed; their points are still in the WAL, which replay reads again.
        if (checkpoint is { } committed)
        {
            foreach (var part in parts.Where(p => p.Header.Generation > committed.Generation).ToList())
            {
                parts.Remove(part);
                part.Retire(deleteFile: true);
                _options.Log($"removed part {Path.GetFileName(part.Path)}: its flush did not finish before the last stop; its points come back from the WAL");
            }
        }

        // A merge writes its output before deleting its inputs; a crash in between leaves inputs whose generation
        // range lies inside the output's. They hold nothing the output lacks.
        var superseded = new List<PartReader>();
        foreach (var part in parts)
        {
            foreach (var other in parts)
            {
                if (!ReferenceEquals(part, other) && part.Header.Step == other.Header.Step && part.Header.BucketStart == other.Header.BucketStart &&
                    other.Header.MinGeneration <= part.Header.MinGeneration && part.Header.Generation <= other.Header.Generation &&
                    (other.Header.MinGeneration, other.Header.Generation) != (part.Header.MinGeneration, part.Header.Generation))
                {
                    superseded.Add(part);
                    break;
                }
            }
        }

        foreach (var part in superseded)
        {
            parts.Remove(part);
            part.Retire(deleteFile: true);
            _options.Log($"removed part {Path.GetFileName(part.Path)}: superseded by a merge that finished before the last stop");
        }

        // A merge whose blocks had all expired writes an empty output only to cover its inputs while it deletes
        // them; once they are gone it has no purpose.
        foreach (var part in parts.Where(static p => p.EntryCount == 0).ToList())
        {
            parts.Remove(part);
            part.Retire(deleteFile: true);
        }

        return parts;
    }
}

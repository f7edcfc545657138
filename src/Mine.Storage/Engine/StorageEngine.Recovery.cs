using Mine.Storage.Parts;
using Mine.Storage.Wal;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    private bool _recovering;
    private long _recoveryWalStart;

    /// <summary>
    /// Start-up: index every series of series.log, map the part files (dropping leftovers of an interrupted merge),
    /// then replay the WAL segments the parts do not already cover. Damage is repaired and logged, never fatal.
    /// </summary>
    private void Recover()
    {
        foreach (var info in _catalog.All())
        {
            IndexName(info);
        }

        var parts = OpenParts();
        _generation = parts.Count == 0 ? 0 : parts.Max(static p => p.Header.Generation);
        var walStart = parts.Count == 0 ? 0 : parts.Max(static p => p.Header.WalSegmentEnd);
        _state = new EngineState(WithParts(new Dictionary<int, PartReader[]>(), parts, []), NewHead(), null);

        var walDirectory = Path.Combine(_options.DataDirectory, "wal");
        Directory.CreateDirectory(walDirectory);
        foreach (var segment in WalFormat.ListSegments(walDirectory))
        {
            if (segment < walStart)
            {
                File.Delete(WalFormat.SegmentPath(walDirectory, segment)); // already in parts (a flush was interrupted)
            }
        }

        _wal = WalWriter.Open(walDirectory, new WalOptions { SyncMode = _options.WalSyncMode, SyncInterval = _options.WalSyncInterval }, _options.Log);
        StartFlushThread();
        _recovering = true;
        _recoveryWalStart = walStart;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        WalReplaySummary summary;
        lock (_writeLock)
        {
            summary = WalReader.Replay(walDirectory, (type, payload) =>
            {
                if (type != WalPointsRecord)
                {
                    return;
                }

                if (IsReplayablePointsRecord(payload, out var problem))
                {
                    ReplayWalPoints(payload);
                }
                else
                {
                    _options.Log($"WAL: a points record of {payload.Length} bytes cannot be replayed ({problem}); skipped, its points are lost");
                }
            }, _options.Log);
            _recovering = false;
        }

        _options.Log($"storage open: {_catalog.Count} series, {parts.Count} parts, WAL replayed {summary.Records} records " +
            $"({Counters.PointsReplayed} points) from {summary.Segments} segment(s) in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
    }

    private List<PartReader> OpenParts()
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

        return parts;
    }
}

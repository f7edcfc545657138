using Mine.Storage.Parts;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Freezes the active head and starts a new one (caller holds the write lock). If the previous frozen head is
    /// still being written, ingest waits here: that is the engine's backpressure. If that flush keeps failing (a
    /// full disk), the wait ends with the flush's error, so the caller can report it and retry later.
    /// </summary>
    private HeadLog RotateHeadLocked()
    {
        var waitedSince = Environment.TickCount64;
        while (_state.Frozen is not null)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_flusher.Problem is { } problem && Environment.TickCount64 - waitedSince > 1000)
            {
                throw new IOException($"Storage cannot take more points until the previous head is flushed: {problem}");
            }

            Monitor.Wait(_writeLock, 100);
        }

        // Everything the frozen head holds was logged in segments before the new one. During WAL replay the
        // segments being replayed are not finished yet, so parts written then claim nothing beyond the start.
        _frozenWalSegmentEnd = _recovering ? _recoveryWalStart : EnsureWalLocked().StartNewSegment();
        _faults.Hit(FaultPoints.WalRotated);
        _state = _state with { Active = NewHead(), Frozen = _state.Active };
        _flusher.Request();
        return _state.Active;
    }

    /// <summary>Writes everything in memory to part files and trims the WAL. Returns when done.</summary>
    /// <exception cref="IOException">The flush keeps failing (disk full); its error. Nothing is lost: the points
    /// stay in memory and in the WAL, and the flush is retried in the background.</exception>
    public void FlushNow()
    {
        lock (_writeLock)
        {
            if (_state.Active.Count > 0)
            {
                try
                {
                    RotateHeadLocked();
                }
                catch (IOException ex)
                {
                    throw new IOException($"Cannot start a flush: {ex.Message}", ex);
                }
            }

            var waitedSince = Environment.TickCount64;
            while (_state.Frozen is not null)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_flusher.Problem is { } problem && Environment.TickCount64 - waitedSince > 1000)
                {
                    throw new IOException($"The flush is failing and will be retried: {problem}");
                }

                Monitor.Wait(_writeLock, 100);
            }
        }
    }

    /// <summary>
    /// The flush thread's work (see <see cref="FlushWorker"/>): writes the frozen head as parts, commits them with the
    /// checkpoint, trims the WAL they cover and publishes them in place of the head (docs/storage-format.md, "How a
    /// flush commits").
    /// </summary>
    private void FlushFrozen()
    {
        var frozen = Volatile.Read(ref _state).Frozen;
        if (frozen is null)
        {
            return;
        }

        if (_baseCheckpoint is { } baseline)
        {
            baseline.Write(_options.DataDirectory); // before any part: see TryWriteBaseCheckpoint
            _baseCheckpoint = null;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var points = frozen.Count;
        _catalog.SyncToDisk(); // series records before the parts that use their ids (see SeriesCatalog.SyncToDisk)
        var walEnd = _frozenWalSegmentEnd;
        var generation = Interlocked.Increment(ref _generation);
        var written = _flushWriter.Write(frozen, generation, walEnd);
        _faults.Hit(FaultPoints.FlushPartsComplete);

        // The flush counts only once the checkpoint names it: a crash before leaves parts that recovery deletes
        // (their points are still in the WAL), never a WAL trimmed for parts that do not all exist.
        try
        {
            new FlushCheckpoint(generation, walEnd).Write(_options.DataDirectory);
        }
        catch
        {
            HeadFlushWriter.RetireUnpublished(written);
            throw;
        }

        _faults.Hit(FaultPoints.FlushCommitted);
        Interlocked.Increment(ref Counters.Flushes);

        // Trim the WAL before publishing, so whoever waits for the flush (FlushNow) finds the WAL trimmed too.
        // Readers keep seeing the frozen head until the swap below, so nothing is invisible meanwhile.
        Volatile.Read(ref _wal)?.RemoveSegmentsBefore(walEnd); // without a writer, the next flush or start trims them
        _faults.Hit(FaultPoints.FlushWalTrimmed);
        lock (_writeLock)
        {
            _state = new EngineState(WithParts(_state.PartsByStep, written, []), _state.Active, null);
            Monitor.PulseAll(_writeLock);
        }

        frozen.Release(); // the engine's own reference; the arrays are recycled once no reader holds the head

        _options.Log($"flushed {points} points into {written.Count} part(s) in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
    }

    private string StepDirectory(int step) => Path.Combine(_partsDirectory, step.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A new parts map with <paramref name="added"/> in and <paramref name="removed"/> out, arrays re-sorted.</summary>
    private static Dictionary<int, PartReader[]> WithParts(IReadOnlyDictionary<int, PartReader[]> current, IReadOnlyCollection<PartReader> added, IReadOnlyCollection<PartReader> removed)
    {
        var result = new Dictionary<int, List<PartReader>>();
        foreach (var (step, parts) in current)
        {
            result[step] = new List<PartReader>(parts);
        }

        foreach (var part in removed)
        {
            result[part.Header.Step].Remove(part);
        }

        foreach (var part in added)
        {
            if (!result.TryGetValue(part.Header.Step, out var list))
            {
                result[part.Header.Step] = list = new List<PartReader>();
            }

            list.Add(part);
        }

        var sorted = new Dictionary<int, PartReader[]>();
        foreach (var (step, list) in result)
        {
            if (list.Count == 0)
            {
                continue;
            }

            list.Sort(static (a, b) => a.Header.BucketStart != b.Header.BucketStart
                ? a.Header.BucketStart.CompareTo(b.Header.BucketStart)
                : a.Header.Generation.CompareTo(b.Header.Generation));
            sorted[step] = list.ToArray();
        }

        return sorted;
    }
}

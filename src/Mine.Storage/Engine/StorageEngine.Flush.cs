using Mine.Storage.Parts;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    private readonly SemaphoreSlim _flushRequested = new(0, int.MaxValue);
    private Thread? _flushThread;
    private long _frozenWalSegmentEnd;

    /// <summary>A NaN-filled span of <paramref name="count"/> slots from a reusable buffer.</summary>
    private static Span<double> Slots(ref double[] buffer, int count)
    {
        if (buffer.Length < count)
        {
            buffer = new double[Math.Max(count, buffer.Length * 2)];
        }

        var span = buffer.AsSpan(0, count);
        span.Fill(double.NaN);
        return span;
    }

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
            if (_flushProblem is { } problem && Environment.TickCount64 - waitedSince > 1000)
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
        _flushRequested.Release();
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
                if (_flushProblem is { } problem && Environment.TickCount64 - waitedSince > 1000)
                {
                    throw new IOException($"The flush is failing and will be retried: {problem}");
                }

                Monitor.Wait(_writeLock, 100);
            }
        }
    }

    private void StartFlushThread()
    {
        _flushThread = new Thread(FlushLoop) { IsBackground = true, Name = "mine-flush" };
        _flushThread.Start();
    }

    private void FlushLoop()
    {
        var retryDelay = 250;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                // Waits in slices so the watchdog sees an idle thread beat, not a stuck one.
                _flushHealth.Beat();
                if (!_flushRequested.Wait(TimeSpan.FromSeconds(1), _stopping.Token))
                {
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                FlushFrozen();
                retryDelay = 250;
                SetFlushProblem(null);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Whatever failed (a full disk, a bug), the frozen head stays readable and its WAL segments stay on
                // disk: retry with a growing delay; /health shows the problem meanwhile.
                SetFlushProblem($"flush failed: {ex.Message}");
                _options.Log($"flush failed, will retry in {retryDelay} ms: {ex.Message}");
                _stopping.Token.WaitHandle.WaitOne(retryDelay);
                retryDelay = Math.Min(retryDelay * 2, 10_000);
                _flushRequested.Release();
            }
        }

        _flushHealth.Stopped();
    }

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
        var written = WriteHeadToParts(frozen, generation, walEnd);
        _faults.Hit(FaultPoints.FlushPartsComplete);

        // The flush counts only once the checkpoint names it: a crash before leaves parts that recovery deletes
        // (their points are still in the WAL), never a WAL trimmed for parts that do not all exist.
        try
        {
            new FlushCheckpoint(generation, walEnd).Write(_options.DataDirectory);
        }
        catch
        {
            RetireUnpublished(written);
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

    /// <summary>Deletes parts of a flush that did not commit, so a retry under a new generation leaves no copies.</summary>
    private static void RetireUnpublished(IEnumerable<PartReader> parts)
    {
        foreach (var part in parts)
        {
            try
            {
                part.Retire(deleteFile: true);
            }
            catch (IOException)
            {
                // Left for recovery, which deletes parts the checkpoint does not cover.
            }
        }
    }

    private List<PartReader> WriteHeadToParts(HeadLog head, long generation, long walEnd)
    {
        var chainCount = head.ActiveChains.Count;
        var chains = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(1, chainCount));
        for (var c = 0; c < chainCount; c++)
        {
            chains[c] = head.ActiveChains[c];
        }

        Array.Sort(chains, 0, chainCount);
        var writers = new Dictionary<(int Step, long Bucket), PartWriter>();
        var points = new List<(uint SlotTime, double Value)>();
        var slots = new double[1024];
        PartWriter Writer(int step, long bucket)
        {
            if (!writers.TryGetValue((step, bucket), out var writer))
            {
                writer = new PartWriter(StepDirectory(step), step, bucket, bucket + BucketSpan(step), generation);
                writers[(step, bucket)] = writer;
            }

            return writer;
        }

        try
        {
            foreach (var chain in chains.AsSpan(0, chainCount))
            {
                var seriesId = chain / SeriesInfo.MaxArchives;
                var archive = chain % SeriesInfo.MaxArchives;
                var step = _catalog.Get(seriesId).Archives[archive].StepSeconds;
                // Common case: the chain lies in one bucket. Fill its block straight from the chain (newest value
                // per slot wins), without building and sorting a list of its points.
                var (firstSlot, lastSlot) = head.ChainRange(chain);
                var bucket = BucketStart(firstSlot, step);
                if (BucketStart(lastSlot, step) == bucket)
                {
                    var count = (int)((lastSlot - firstSlot) / (uint)step) + 1;
                    var span = Slots(ref slots, count);
                    head.Overlay(seriesId, archive, firstSlot, step, span);
                    Writer(step, bucket).Add(seriesId, archive, firstSlot, span);
                    continue;
                }

                head.Collect(chain, points);
                var i = 0;
                while (i < points.Count)
                {
                    bucket = BucketStart(points[i].SlotTime, step);
                    var bucketEnd = bucket + BucketSpan(step);
                    var j = i;
                    while (j < points.Count && points[j].SlotTime < bucketEnd)
                    {
                        j++;
                    }

                    long first = points[i].SlotTime;
                    var span = Slots(ref slots, (int)((points[j - 1].SlotTime - first) / step) + 1);
                    for (var k = i; k < j; k++)
                    {
                        span[(int)((points[k].SlotTime - first) / step)] = points[k].Value;
                    }

                    Writer(step, bucket).Add(seriesId, archive, first, span);
                    i = j;
                }
            }

            var readers = new List<PartReader>(writers.Count);
            try
            {
                foreach (var writer in writers.Values)
                {
                    readers.Add(PartReader.Open(writer.Complete(generation, generation, walEnd)));
                    Interlocked.Increment(ref Counters.PartsWritten);
                    _faults.Hit(FaultPoints.FlushPartWritten);
                }
            }
            catch
            {
                RetireUnpublished(readers);
                throw;
            }

            return readers;
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(chains);
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }
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

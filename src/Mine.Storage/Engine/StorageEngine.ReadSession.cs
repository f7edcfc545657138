using Mine.Core.Buffers;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Parts;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Holds the current parts and heads for a batch of reads. A single <see cref="Fetch(SeriesHandle, long, long, long, ValueArrayLease?)"/>
    /// takes and drops a reference on every part and head it reads: for a wide render's thousands of reads on
    /// several cores those are contended atomic operations on a few shared counters. A session takes them once.
    /// Holding never blocks the engine: a merge's retired parts stay mapped and a flushed head is recycled only when
    /// the session ends, so end it as soon as the batch is read.
    /// </summary>
    public ISeriesReadSession BeginReads()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var parts = new List<PartReader>();
            var complete = true;
            foreach (var stepParts in state.PartsByStep.Values)
            {
                foreach (var part in stepParts)
                {
                    if (!part.TryAcquire())
                    {
                        complete = false;
                        break;
                    }

                    parts.Add(part);
                }

                if (!complete)
                {
                    break;
                }
            }

            var frozenHeld = complete && (state.Frozen is null || state.Frozen.TryAcquire());
            var activeHeld = frozenHeld && state.Active.TryAcquire();
            if (activeHeld)
            {
                return new ReadSession(this, state, parts);
            }

            // A merge or flush replaced something meanwhile: let go and take the new state.
            foreach (var part in parts)
            {
                part.Release();
            }

            if (frozenHeld)
            {
                state.Frozen?.Release();
            }
        }
    }

    /// <summary>Reads under one hold on the engine's state (see <see cref="BeginReads"/>); safe to use from several threads.</summary>
    private sealed class ReadSession : ISeriesReadSession
    {
        private readonly StorageEngine _engine;
        private readonly EngineState _state;
        private readonly List<PartReader> _parts;
        private int _disposed;

        public ReadSession(StorageEngine engine, EngineState state, List<PartReader> parts)
        {
            _engine = engine;
            _state = state;
            _parts = parts;
        }

        public FetchedSeries? Fetch(SeriesHandle series, long from, long until, long now, ValueArrayLease? values = null)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _engine.IsSeriesId(series.Key) ? _engine.Fetch((int)series.Key, from, until, now, values, series.Name, _state) : null;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            foreach (var part in _parts)
            {
                part.Release();
            }

            _state.Frozen?.Release();
            _state.Active.Release();
        }
    }
}

using Mine.Core.Ports;

namespace Mine.Whisper.Reading;

/// <summary>
/// The points of one archive that a whisper fetch would return, in the ring's order, and what was passed over. The
/// arrays are reused from one archive to the next; only the first <see cref="Count"/> entries are this archive's.
/// </summary>
public sealed class ArchivePoints
{
    private long[] _times = new long[1024];
    private double[] _values = new double[1024];

    public int Count { get; private set; }

    public ReadOnlySpan<long> Times => _times.AsSpan(0, Count);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>The points as the storage port takes them (valid until the arrays are reused).</summary>
    public HistoryPoints AsHistoryPoints() => new(_times.AsMemory(0, Count), _values.AsMemory(0, Count));

    /// <summary>Slots never written (zero timestamp, or in a hole of a sparse file that was read).</summary>
    public long EmptySlots { get; internal set; }

    /// <summary>Slots whose point is older than the archive's reach at the import's <c>now</c> (the ring moved on).</summary>
    public long StaleSlots { get; internal set; }

    /// <summary>Slots whose timestamp does not belong to their place in the ring: whisper never returns them.</summary>
    public long MisplacedSlots { get; internal set; }

    internal void Clear()
    {
        Count = 0;
        EmptySlots = StaleSlots = MisplacedSlots = 0;
    }

    internal void Add(long time, double value)
    {
        if (Count == _times.Length)
        {
            Array.Resize(ref _times, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }

        _times[Count] = time;
        _values[Count] = value;
        Count++;
    }
}

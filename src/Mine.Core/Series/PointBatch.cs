using System.Runtime.CompilerServices;

namespace Mine.Core.Series;

/// <summary>
/// A reusable batch of points on their way from a protocol parser to storage. Names are kept as UTF-8 bytes in
/// one shared buffer so the hot path allocates nothing per point: storage resolves the bytes to a series id
/// without building a string. A batch is owned by one producer at a time; <see cref="Clear"/> recycles it.
/// </summary>
public sealed class PointBatch
{
    private byte[] _nameBytes;
    private int[] _nameOffsets;
    private int[] _nameLengths;
    private long[] _timestamps;
    private double[] _values;

    public PointBatch(int initialPoints = 4096)
    {
        initialPoints = Math.Max(16, initialPoints);
        _nameBytes = new byte[initialPoints * 64];
        _nameOffsets = new int[initialPoints];
        _nameLengths = new int[initialPoints];
        _timestamps = new long[initialPoints];
        _values = new double[initialPoints];
    }

    /// <summary>Number of points in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of name data in use.</summary>
    public int NameBytesUsed { get; private set; }

    public ReadOnlySpan<byte> Name(int index) => _nameBytes.AsSpan(_nameOffsets[index], _nameLengths[index]);

    public long Timestamp(int index) => _timestamps[index];

    public double Value(int index) => _values[index];

    public ReadOnlySpan<long> Timestamps => _timestamps.AsSpan(0, Count);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>Appends a point; the name bytes are copied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ReadOnlySpan<byte> name, long timestampSeconds, double value)
    {
        if (Count == _timestamps.Length)
        {
            GrowPoints();
        }

        if (NameBytesUsed + name.Length > _nameBytes.Length)
        {
            Array.Resize(ref _nameBytes, Math.Max(_nameBytes.Length * 2, NameBytesUsed + name.Length));
        }

        name.CopyTo(_nameBytes.AsSpan(NameBytesUsed));
        _nameOffsets[Count] = NameBytesUsed;
        _nameLengths[Count] = name.Length;
        _timestamps[Count] = timestampSeconds;
        _values[Count] = value;
        NameBytesUsed += name.Length;
        Count++;
    }

    /// <summary>Appends a point whose name is a .NET string (slow path: pickle, self-metrics, tests).</summary>
    public void Add(string name, long timestampSeconds, double value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        Add(bytes, timestampSeconds, value);
    }

    /// <summary>Drops the points after the first <paramref name="count"/> (a reader giving back what it added).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count >= Count)
        {
            return;
        }

        NameBytesUsed = count == 0 ? 0 : _nameOffsets[count - 1] + _nameLengths[count - 1];
        Count = count;
    }

    public void Clear()
    {
        Count = 0;
        NameBytesUsed = 0;
    }

    private void GrowPoints()
    {
        var size = _timestamps.Length * 2;
        Array.Resize(ref _nameOffsets, size);
        Array.Resize(ref _nameLengths, size);
        Array.Resize(ref _timestamps, size);
        Array.Resize(ref _values, size);
    }
}

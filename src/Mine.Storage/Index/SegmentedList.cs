using System.Collections;

namespace Mine.Storage.Index;

/// <summary>
/// An append-only list stored in fixed 4,096-element segments, returned as a query result.
/// </summary>
/// <remarks>
/// A <see cref="List{T}"/> of 40k results reallocates and copies itself a dozen times and ends on the large object
/// heap, whose allocations trigger full (gen2) collections that must also mark the whole index. Segments of 64 KB
/// (for 16-byte items) stay in gen0 and are never copied.
/// </remarks>
internal sealed class SegmentedList<T> : IReadOnlyList<T>
{
    private const int SegmentShift = 12;
    private const int SegmentSize = 1 << SegmentShift;

    private readonly List<T[]> _segments = [];
    private T[] _current = [];
    private int _countInCurrent = SegmentSize;

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return _segments[index >> SegmentShift][index & (SegmentSize - 1)];
        }
    }

    public void Add(T item)
    {
        if (_countInCurrent == SegmentSize)
        {
            _current = new T[Count == 0 ? 16 : SegmentSize]; // tiny results stay tiny
            _segments.Add(_current);
            _countInCurrent = 0;
        }
        else if (_countInCurrent == _current.Length)
        {
            // Only the first segment starts small; grow it in place up to a full segment.
            Array.Resize(ref _current, Math.Min(_current.Length * 4, SegmentSize));
            _segments[^1] = _current;
        }

        _current[_countInCurrent++] = item;
        Count++;
    }

    public T[] ToArray()
    {
        var result = new T[Count];
        var offset = 0;
        foreach (var segment in _segments)
        {
            var length = Math.Min(segment.Length, Count - offset);
            Array.Copy(segment, 0, result, offset, length);
            offset += length;
        }

        return result;
    }

    public IEnumerator<T> GetEnumerator()
    {
        var remaining = Count;
        foreach (var segment in _segments)
        {
            var length = Math.Min(segment.Length, remaining);
            for (var i = 0; i < length; i++)
            {
                yield return segment[i];
            }

            remaining -= length;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

namespace Mine.Compat.Python;

/// <summary>
/// Python's list indexing and slicing, which graphite-web relies on even with negative or out-of-range positions
/// (a negative window size reads from the end of the list instead of failing, <c>[:-1]</c> drops the last item).
/// </summary>
public static class PythonList
{
    /// <summary><c>items[start:stop]</c>: negative bounds count from the end, bounds are clamped, never fails.</summary>
    public static ReadOnlySpan<T> Slice<T>(T[] items, long start, long stop)
    {
        var from = SliceBound(start, items.Length);
        var to = SliceBound(stop, items.Length);
        return to > from ? items.AsSpan(from, to - from) : [];
    }

    /// <summary><c>items[start:]</c>.</summary>
    public static T[] SliceFrom<T>(T[] items, long start) => Slice(items, start, items.Length).ToArray();

    /// <summary><c>items[:n]</c>: the first n items; a negative n drops that many from the end.</summary>
    public static List<T> Head<T>(List<T> items, long n) => items.GetRange(0, SliceBound(n, items.Count));

    /// <summary><c>items[index]</c>: a negative index counts from the end; out of range is Python's IndexError.</summary>
    /// <param name="error">Makes the exception for an IndexError from its message (such as FunctionCall.Error).</param>
    public static T Item<T>(T[] items, long index, Func<string, Exception> error)
    {
        var position = index < 0 ? index + items.Length : index;
        if (position < 0 || position >= items.Length)
        {
            throw error($"list index {index} out of range for a series of {items.Length} values (graphite-web fails with IndexError here)");
        }

        return items[position];
    }

    private static int SliceBound(long bound, int length)
    {
        if (bound < 0)
        {
            bound += length;
        }

        return (int)Math.Clamp(bound, 0, length);
    }
}

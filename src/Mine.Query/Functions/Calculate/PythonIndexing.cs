namespace Mine.Query.Functions.Calculate;

/// <summary>
/// Python's list indexing and slicing, which graphite-web's window functions rely on even with negative or
/// out-of-range positions (a negative window size reads from the end of the list instead of failing).
/// </summary>
internal static class PythonIndexing
{
    /// <summary><c>values[start:stop]</c>: negative bounds count from the end, bounds are clamped, never fails.</summary>
    public static ReadOnlySpan<double> Slice(double[] values, long start, long stop)
    {
        var from = Clamp(start, values.Length);
        var to = Clamp(stop, values.Length);
        return to > from ? values.AsSpan(from, to - from) : [];
    }

    /// <summary><c>values[start:]</c>.</summary>
    public static double[] SliceFrom(double[] values, long start) => Slice(values, start, values.Length).ToArray();

    /// <summary><c>values[index]</c>: a negative index counts from the end; out of range is Python's IndexError.</summary>
    public static double Item(double[] values, long index, FunctionCall call)
    {
        var position = index < 0 ? index + values.Length : index;
        if (position < 0 || position >= values.Length)
        {
            throw call.Error($"list index {index} out of range for a series of {values.Length} values (graphite-web fails with IndexError here)");
        }

        return values[position];
    }

    private static int Clamp(long bound, int length)
    {
        if (bound < 0)
        {
            bound += length;
        }

        return (int)Math.Clamp(bound, 0, length);
    }
}

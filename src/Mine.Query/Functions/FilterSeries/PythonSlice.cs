namespace Mine.Query.Functions.FilterSeries;

/// <summary>Python's <c>list[:n]</c>, which highest(), limit() and mostDeviant() return.</summary>
internal static class PythonSlice
{
    /// <summary>The first n items; a negative n drops that many from the end (<c>[:-1]</c> is all but the last).</summary>
    public static List<T> Head<T>(List<T> items, long n)
    {
        var count = n >= 0 ? Math.Min(n, items.Count) : Math.Max(0, items.Count + n);
        return items.GetRange(0, (int)count);
    }
}

using Mine.Core.Text;
using Mine.Query.Series;

namespace Mine.Query.Functions.Common;

/// <summary>
/// Python's sorted()/list.sort(): stable, by key. List&lt;T&gt;.Sort is not stable, so functions that sort
/// series must use these to keep graphite-web's order among equal keys.
/// </summary>
public static class PythonSort
{
    /// <summary>sorted(items, key=key, reverse=reverse): stable, and with reverse equal keys keep their order too.</summary>
    public static List<T> SortedBy<T, TKey>(IEnumerable<T> items, Func<T, TKey> key, IComparer<TKey>? comparer = null, bool reverse = false)
    {
        comparer ??= Comparer<TKey>.Default;
        var keyed = items.Select((item, index) => (Item: item, Key: key(item), Index: index)).ToList();
        keyed.Sort((a, b) =>
        {
            var c = comparer.Compare(a.Key, b.Key);
            if (reverse)
            {
                c = -c;
            }

            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        return [.. keyed.Select(k => k.Item)];
    }

    /// <summary>
    /// Comparison of float keys as Python 3 does after graphite-web's keyFunc turned None into -inf: NaN (None)
    /// sorts lowest. (Real NaN keys make Python's order undefined; graphite-web never produces them here.)
    /// </summary>
    public static IComparer<double> NoneLowest { get; } = Comparer<double>.Create(static (a, b) =>
        (double.IsNaN(a) ? double.NegativeInfinity : a).CompareTo(double.IsNaN(b) ? double.NegativeInfinity : b));

    /// <summary>Python string order (code points).</summary>
    public static IComparer<string> Strings => CodePointComparer.Instance;

    /// <summary>Sorts series by name, Python order, stable.</summary>
    public static List<TimeSeries> ByName(IEnumerable<TimeSeries> series) => SortedBy(series, s => s.Name, Strings);
}

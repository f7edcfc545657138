namespace Mine.Storage.Index;

/// <summary>
/// Orders sibling components so that a depth-first walk emits full paths in ordinal order.
/// </summary>
/// <remarks>
/// Comparing components plainly is not enough: <c>web</c> sorts before <c>web-1</c>, yet the path
/// <c>web-1.cpu</c> sorts before <c>web.cpu</c> because '-' (0x2D) is less than '.' (0x2E). Comparing each
/// component as if it were followed by the separator (<c>"web."</c> vs <c>"web-1."</c>) gives exactly the
/// ordinal order of equal-depth paths, because components never contain a dot. The last component has no
/// separator after it, so there plain ordinal order applies (the walker re-sorts that level).
/// </remarks>
internal static class PathOrder
{
    /// <summary>Ordinal comparison of <c>a + "."</c> with <c>b + "."</c>.</summary>
    public static int Compare(string a, string b)
    {
        var common = Math.Min(a.Length, b.Length);
        var result = a.AsSpan(0, common).SequenceCompareTo(b.AsSpan(0, common));
        if (result != 0 || a.Length == b.Length)
        {
            return result;
        }

        // One is a proper prefix of the other: the shorter one continues with its virtual '.'.
        return a.Length < b.Length ? CompareChar('.', b[common]) : CompareChar(a[common], '.');
    }

    /// <summary>Ordinal comparison of <c>name + "."</c> with an arbitrary probe (used for prefix lower bounds).</summary>
    public static int CompareKeyToProbe(string name, ReadOnlySpan<char> probe)
    {
        var common = Math.Min(name.Length, probe.Length);
        var result = name.AsSpan(0, common).SequenceCompareTo(probe[..common]);
        if (result != 0)
        {
            return result;
        }

        if (probe.Length <= name.Length)
        {
            return 1; // the key (name + '.') is longer than the probe and equal on the probe's length
        }

        result = CompareChar('.', probe[name.Length]);
        if (result != 0)
        {
            return result;
        }

        return probe.Length == name.Length + 1 ? 0 : -1;
    }

    /// <summary>Whether names already in PathOrder are also in plain ordinal order.</summary>
    public static bool AgreesWithOrdinal(string[] sortedNames, int count)
    {
        for (var i = 1; i < count; i++)
        {
            if (string.CompareOrdinal(sortedNames[i - 1], sortedNames[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Sibling order for tree nodes.</summary>
    public static readonly Comparison<TreeNode> Nodes = static (x, y) => Compare(x.Name, y.Name);

    /// <summary>Sibling order for component names.</summary>
    public static readonly IComparer<string> Names = Comparer<string>.Create(Compare);

    private static int CompareChar(char a, char b) => a.CompareTo(b);
}

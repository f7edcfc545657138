namespace Mine.Core.Text;

/// <summary>
/// Orders strings by code point, as Python's str comparison (<c>sorted()</c>) and SQLite's binary collation of
/// UTF-8 do. Ordinal UTF-16 order differs only when a surrogate pair meets a character in U+E000..U+FFFF, which
/// UTF-16 sorts first and code points sort last. Null sorts first.
/// </summary>
public sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    private CodePointComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        // Only the first differing char decides; finding it is vectorised (series names share long prefixes).
        var common = x.AsSpan().CommonPrefixLength(y);
        if (common < x.Length && common < y.Length)
        {
            var a = x[common];
            var b = y[common];
            if (char.IsSurrogate(a) != char.IsSurrogate(b) && (a >= '\ue000' || b >= '\ue000'))
            {
                return char.IsSurrogate(a) ? 1 : -1;
            }

            return a.CompareTo(b);
        }

        return x.Length.CompareTo(y.Length);
    }
}

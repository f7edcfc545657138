namespace Mine.Storage.Index;

/// <summary>
/// Orders strings by code point, as Python's <c>sorted()</c> and SQLite's binary collation of UTF-8 do. Ordinal
/// UTF-16 order differs only when a surrogate pair meets a character in U+E000..U+FFFF.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }

            if (char.IsSurrogate(a) != char.IsSurrogate(b) && (a >= '\ue000' || b >= '\ue000'))
            {
                return char.IsSurrogate(a) ? 1 : -1;
            }

            return a.CompareTo(b);
        }

        return x.Length.CompareTo(y.Length);
    }
}

using Mine.Compat.Python;

namespace Mine.Query.Functions.Common;

/// <summary>
/// graphite-web's render/glyph.py <c>format_units</c>: a value scaled to the largest SI (k, M, G, T, P: powers of
/// 1000) or binary (Ki … Pi: powers of 1024) prefix it reaches, as legend and axis labels show it.
/// </summary>
public static class UnitFormat
{
    private static readonly (string Prefix, double Size)[] Si =
        [("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)];

    private static readonly (string Prefix, double Size)[] Binary =
        [("Pi", 1125899906842624.0), ("Ti", 1099511627776.0), ("Gi", 1073741824.0), ("Mi", 1048576.0), ("Ki", 1024.0)];

    /// <summary>
    /// format_units(v, system=system, units=units): the scaled value and its prefix (with <paramref name="units"/>
    /// appended when given). Values within 1e-11 above a whole number, and above 1, are floored to it.
    /// </summary>
    /// <param name="value">A number (not None).</param>
    /// <param name="system">"si" or "binary".</param>
    /// <param name="units">A unit suffix, or null/empty for none.</param>
    public static (double Value, string Prefix) FormatUnits(double value, string system, string? units = null)
    {
        var sizes = system switch
        {
            "si" => Si,
            "binary" => Binary,
            _ => throw new QueryArgumentException($"unknown unit system {PythonText.Repr(system)}"),
        };
        foreach (var (prefix, size) in sizes)
        {
            if (Math.Abs(value) >= size)
            {
                var scaled = value / size;
                if (scaled - Math.Floor(scaled) < 0.00000000001 && value > 1)
                {
                    scaled = Math.Floor(scaled);
                }

                return (scaled, string.IsNullOrEmpty(units) ? prefix : prefix + units);
            }
        }

        if (value - Math.Floor(value) < 0.00000000001 && value > 1)
        {
            value = Math.Floor(value);
        }

        return (value, string.IsNullOrEmpty(units) ? string.Empty : units);
    }
}

using System.Globalization;
using Mine.Compat.GraphiteWeb;
using Mine.Compat.Python;

namespace Mine.Graphs.Layout;

/// <summary>
/// Axis numbers in units (glyph.py <c>makeLabel</c>): 1.5 k, 3 M, 512 Mi, 2 H. A prefix is used only when both the
/// value and the axis step reach it, so neighbouring labels share their unit.
/// </summary>
public static class AxisLabel
{
    /// <summary>
    /// An axis label as glyph.py writes it, trailing space included ("50 ", "1.5 k"): decimals by the size of the
    /// axis' span, <c>%g</c> below 0.1 (negative values too).
    /// </summary>
    public static string MakeLabel(double value, double? step, double span, string system)
    {
        var (scaled, prefix) = UnitFormat.FormatUnits(value, step, system);
        var (scaledSpan, spanPrefix) = UnitFormat.FormatUnits(span, step, system);
        if (prefix.Length > 0)
        {
            prefix += " ";
        }

        if (scaled < 0.1)
        {
            return PythonFormat.G(scaled) + " " + prefix;
        }

        if (scaled < 1.0)
        {
            return Fixed(scaled, 2) + " " + prefix;
        }

        // glyph.py compares the span's bare prefix with the value's prefix after its space was added, so any
        // prefixed label takes this branch.
        if (scaledSpan > 10 || spanPrefix != prefix)
        {
            return Fixed(scaled, 1) + " " + prefix;
        }

        if (scaledSpan > 3)
        {
            return Fixed(scaled, 1) + " " + prefix;
        }

        if (scaledSpan > 0.1)
        {
            return Fixed(scaled, 2) + " " + prefix;
        }

        return PythonFormat.G(scaled) + " " + prefix;
    }

    private static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

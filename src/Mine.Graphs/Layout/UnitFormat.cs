using System.Globalization;
using Mine.Compat.Python;

namespace Mine.Graphs.Layout;

/// <summary>
/// Axis numbers in units (glyph.py <c>format_units</c> and <c>makeLabel</c>): 1.5 k, 3 M, 512 Mi, 2 H. A prefix is
/// used only when both the value and the axis step reach it, so neighbouring labels share their unit.
/// </summary>
public static class UnitFormat
{
    private static readonly Dictionary<string, (string Prefix, double Size)[]> Systems = new(StringComparer.Ordinal)
    {
        ["binary"] = [("Pi", Math.Pow(1024.0, 5)), ("Ti", Math.Pow(1024.0, 4)), ("Gi", Math.Pow(1024.0, 3)), ("Mi", 1024.0 * 1024.0), ("Ki", 1024.0)],
        ["si"] = [("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1000.0)],
        ["sec"] = [("Y", 60 * 60 * 24 * 365), ("M", 60 * 60 * 24 * 30), ("D", 60 * 60 * 24), ("H", 60 * 60), ("m", 60)],
        ["msec"] = [("Y", 60.0 * 60 * 24 * 365 * 1000), ("M", 60.0 * 60 * 24 * 30 * 1000), ("D", 60.0 * 60 * 24 * 1000), ("H", 60 * 60 * 1000), ("m", 60 * 1000), ("s", 1000)],
        ["none"] = [],
    };

    /// <summary>The unit systems yUnitSystem accepts.</summary>
    public static IReadOnlyCollection<string> SystemNames => Systems.Keys;

    public static bool IsSystem(string name) => Systems.ContainsKey(name);

    /// <summary>The value scaled to the largest prefix it (and the step, when given) reaches, and that prefix.</summary>
    public static (double Value, string Prefix) FormatUnits(double value, double? step, string system)
    {
        foreach (var (prefix, size) in Systems[system])
        {
            if (Math.Abs(value) >= size && (step is null || step >= size))
            {
                var scaled = value / size;
                if (scaled - Math.Floor(scaled) < 0.00000000001 && value > 1)
                {
                    scaled = Math.Floor(scaled);
                }

                return (scaled, prefix);
            }
        }

        if (value - Math.Floor(value) < 0.00000000001 && value > 1)
        {
            value = Math.Floor(value);
        }

        return (value, "");
    }

    /// <summary>
    /// An axis label as glyph.py writes it, trailing space included ("50 ", "1.5 k"): decimals by the size of the
    /// axis' span, <c>%g</c> below 0.1 (negative values too).
    /// </summary>
    public static string MakeLabel(double value, double? step, double span, string system)
    {
        var (scaled, prefix) = FormatUnits(value, step, system);
        var (scaledSpan, spanPrefix) = FormatUnits(span, step, system);
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

using Mine.Compat.Python;

namespace Mine.Compat.GraphiteWeb;

/// <summary>
/// graphite-web's render/glyph.py <c>format_units</c>: a value scaled to the largest prefix of its unit system it
/// reaches (1.5 k, 3 M, 512 Mi, 2 H), as axis labels (Mine.Graphs) and legends (cactiStyle, legendValue in
/// Mine.Query) show it.
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

    /// <summary>glyph.py's UnitSystems: the names yUnitSystem accepts.</summary>
    public static IReadOnlyCollection<string> SystemNames => Systems.Keys;

    public static bool IsSystem(string name) => Systems.ContainsKey(name);

    /// <summary>
    /// <c>format_units(value, step, system, units)</c>: the value scaled to the largest prefix it reaches (and the
    /// step too, when given, so neighbouring axis labels share their unit), and that prefix with
    /// <paramref name="units"/> appended when given. Values within 1e-11 above a whole number, and above 1, are
    /// floored to it.
    /// </summary>
    /// <param name="value">A number (not None).</param>
    /// <param name="step">The axis step, or null outside an axis.</param>
    /// <param name="system">One of <see cref="SystemNames"/>.</param>
    /// <param name="units">A unit suffix, or null/empty for none.</param>
    /// <exception cref="ArgumentException"><paramref name="system"/> is not a unit system (a KeyError in glyph.py).</exception>
    public static (double Value, string Prefix) FormatUnits(double value, double? step, string system, string? units = null)
    {
        if (!Systems.TryGetValue(system, out var sizes))
        {
            throw new ArgumentException($"unknown unit system {PythonText.Repr(system)}");
        }

        foreach (var (prefix, size) in sizes)
        {
            if (Math.Abs(value) >= size && (step is null || step >= size))
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

using System.Text.Json;
using Mine.Compat.GraphiteWeb;
using Mine.Graphs.Layout;

namespace Mine.Graphs.Tests.Layout;

/// <summary>
/// Y-axis ticks and labels against graphite-web's own glyph.py (Golden/axis_golden.py): 18 data ranges × 5 unit
/// systems × 10 option sets (yMin, yMax, yLimit, yStep, divisors, yMax=max, log bases), and format_units.
/// </summary>
public sealed class AxisTicsGoldenTests
{
    private static readonly JsonElement Golden = Load();

    private static JsonElement Load()
    {
        using var stream = typeof(AxisTicsGoldenTests).Assembly.GetManifestResourceStream("axis_golden.json")!;
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    [Fact]
    public void Ticks_and_labels_match_graphite_web_for_every_case()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var c in Golden.GetProperty("axes").EnumerateArray())
        {
            count++;
            var min = c.GetProperty("min").GetDouble();
            var max = c.GetProperty("max").GetDouble();
            var system = c.GetProperty("system").GetString()!;
            var options = c.GetProperty("options");
            var expected = c.GetProperty("expected");
            var label = $"[{min}, {max}] {system} {options.GetRawText()}";
            try
            {
                var tics = Compute(min, max, system, options);
                if (expected.TryGetProperty("error", out var error))
                {
                    failures.Add($"{label}: expected error '{error.GetString()}', got step {tics.Step}");
                    continue;
                }

                // Labels first: too fine a yStep is replaced while they are made.
                var values = tics.GetLabelValues();
                Check(failures, label, "step", expected.GetProperty("step"), tics.Step);
                Check(failures, label, "bottom", expected.GetProperty("bottom"), tics.Bottom);
                Check(failures, label, "top", expected.GetProperty("top"), tics.Top);
                var expectedValues = expected.GetProperty("labelValues").EnumerateArray().Select(static v => v.GetDouble()).ToList();
                if (values.Count != expectedValues.Count || values.Zip(expectedValues).Any(static p => !Close(p.First, p.Second)))
                {
                    failures.Add($"{label}: label values [{string.Join(", ", values)}] != [{string.Join(", ", expectedValues)}]");
                    continue;
                }

                var labels = values.Select(tics.MakeLabel).ToList();
                var expectedLabels = expected.GetProperty("labels").EnumerateArray().Select(static v => v.GetString()!).ToList();
                if (!labels.SequenceEqual(expectedLabels))
                {
                    failures.Add($"{label}: labels [{string.Join("|", labels)}] != [{string.Join("|", expectedLabels)}]");
                }
            }
            catch (GraphException e)
            {
                if (!expected.TryGetProperty("error", out _))
                {
                    failures.Add($"{label}: unexpected error {e.Message}");
                }
            }
        }

        Assert.True(count > 800, $"only {count} golden cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} differ:\n" + string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public void Format_units_matches_graphite_web()
    {
        var failures = new List<string>();
        foreach (var c in Golden.GetProperty("units").EnumerateArray())
        {
            var value = c.GetProperty("value").GetDouble();
            var system = c.GetProperty("system").GetString()!;
            double? step = c.GetProperty("step").ValueKind == JsonValueKind.Null ? null : c.GetProperty("step").GetDouble();
            var (scaled, prefix) = UnitFormat.FormatUnits(value, step, system);
            if (!Close(scaled, c.GetProperty("scaled").GetDouble()) || prefix != c.GetProperty("prefix").GetString())
            {
                failures.Add($"{value} {system} step {step}: {scaled} '{prefix}' != {c.GetProperty("scaled").GetDouble()} '{c.GetProperty("prefix").GetString()}'");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(1536.0, 1024.0, 4096.0, "binary", "1.5 Ki ")]
    [InlineData(1536.0, 512.0, 2048.0, "binary", "1536.0 ")]
    [InlineData(3_000_000.0, 1_000_000.0, 5_000_000.0, "si", "3.0 M ")]
    [InlineData(536870912.0, 134217728.0, 1073741824.0, "binary", "512.0 Mi ")]
    [InlineData(7200.0, 3600.0, 14400.0, "sec", "2.0 H ")]
    [InlineData(40.0, 20.0, 100.0, "si", "40.0 ")]
    [InlineData(0.05, 0.01, 0.1, "si", "0.05 ")]
    public void Labels_read_in_units(double value, double step, double span, string system, string expected)
        => Assert.Equal(expected, AxisLabel.MakeLabel(value, step, span, system));

    private static AxisTics Compute(double min, double max, string system, JsonElement options)
    {
        double? Option(string name) => options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        AxisTics tics = Option("logBase") is { } logBase ? new LogAxisTics(min, max, system, logBase) : new LinearAxisTics(min, max, system);
        var maxIsExtremum = options.TryGetProperty("yMax", out var yMax) && yMax.ValueKind == JsonValueKind.String;
        tics.ApplySettings(Option("yMin"), maxIsExtremum, Option("yMax"), Option("yLimit"));
        if (Option("yStep") is { } step)
        {
            tics.SetStep(step);
        }
        else
        {
            var divisors = options.TryGetProperty("divisors", out var d) ? d.EnumerateArray().Select(static x => x.GetInt32()).ToList() : null;
            tics.ChooseStep(divisors, system == "binary");
        }

        tics.ChooseLimits();
        return tics;
    }

    private static void Check(List<string> failures, string label, string what, JsonElement expected, double? actual)
    {
        double? wanted = expected.ValueKind == JsonValueKind.Null ? null : expected.GetDouble();
        if (wanted is null != actual is null || (wanted is { } w && actual is { } a && !Close(w, a)))
        {
            failures.Add($"{label}: {what} {actual} != {wanted}");
        }
    }

    private static bool Close(double a, double b) => a == b || Math.Abs(a - b) <= 1e-12 * Math.Max(Math.Abs(a), Math.Abs(b));
}

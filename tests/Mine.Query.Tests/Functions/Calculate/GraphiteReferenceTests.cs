using Mine.Query.Evaluation;
using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

/// <summary>
/// Every Calculate function against answers recorded from the real graphite-web (<see cref="CalculateReferenceData"/>):
/// same names, tags (in order), timestamps and values to 1e-9 relative.
/// </summary>
public class GraphiteReferenceTests
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var reference in CalculateReferenceData.Cases)
            {
                data.Add(reference.Target, reference.TimeZone ?? "");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_graphite_web(string target, string timeZone)
    {
        var reference = CalculateReferenceData.Cases.Single(c => c.Target == target && (c.TimeZone ?? "") == timeZone);
        var kit = new FunctionTestKit();

        // Pad with None around the data so reads reaching past it look like whisper's (None-filled) ones.
        double[] padding = [.. Enumerable.Repeat(double.NaN, 60)];
        var start = CalculateReferenceData.T0 - (60 * FunctionTestKit.Step);
        kit.AddAt("calculate.a", start, FunctionTestKit.Step, [.. padding, .. CalculateReferenceData.A, .. padding]);
        kit.AddAt("calculate.b", start, FunctionTestKit.Step, [.. padding, .. CalculateReferenceData.B, .. padding]);
        kit.AddAt("calculate.c", start, FunctionTestKit.Step, [.. padding, .. CalculateReferenceData.C, .. padding]);
        var context = kit.Context(CalculateReferenceData.From, CalculateReferenceData.Until, reference.XFilesFactor);
        if (reference.TimeZone is not null)
        {
            context = context with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(reference.TimeZone) };
        }

        var actual = TargetEvaluator.Default.Evaluate([reference.Target], context);

        Assert.Equal(reference.Expected.Select(s => s.Name), actual.Select(s => s.Name));
        for (var i = 0; i < actual.Count; i++)
        {
            var expected = reference.Expected[i];
            var series = actual[i];
            Assert.Equal(expected.Tags.Select(t => $"{t[0]}={t[1]}"), series.Tags.Select(t => $"{t.Key}={t.Value}"));
            Assert.Equal(expected.Start, series.Start);
            if (expected.Values.Length > 1)
            {
                Assert.Equal(expected.Step, series.Step);
            }

            var points = series.GetPoints();
            Assert.Equal(expected.Values.Length, points.Length);
            for (var p = 0; p < points.Length; p++)
            {
                AssertClose(expected.Values[p], points[p], $"{series.Name} point {p}");
            }
        }
    }

    internal static void AssertClose(double expected, double actual, string where)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            Assert.True(double.IsNaN(expected) && double.IsNaN(actual), $"{where}: expected {expected}, got {actual}");
            return;
        }

        var tolerance = 1e-9 * Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(expected == actual || Math.Abs(expected - actual) <= tolerance, $"{where}: expected {expected:R}, got {actual:R}");
    }
}

using Mine.Graphs.Drawing;
using Mine.Graphs.Graphs;
using Mine.Query.Series;
using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Graphs;

/// <summary>
/// Every numeric graph option at huge, tiny and negative values gives a picture or a GraphException (a 400),
/// with bounded memory: options that multiply drawing work (minorY, yDivisors, yStep, logBase, lineWidth,
/// fontSize, margin, legends...) are bounded (GraphLimits).
/// </summary>
public sealed class GraphLimitsTests
{
    private static readonly string[] HugeValues =
    [
        "100000000", "-100000000", "2147483647", "-2147483648", "99999999999999999999", "1e308", "-1e308", "0.000000001",
        "1.0000000001", "0", "-1",
    ];

    /// <summary>More than any picture allowed by GraphLimits needs; before the limits minorY=1e8 alone took 22 GB.</summary>
    private const long MaxAllocatedBytes = 1L << 30;

    private static TimeSeries[] Data() =>
    [
        Series("a", [.. Enumerable.Range(0, 200).Select(i => Math.Sin(i / 10.0) * 1e3)]),
        Series("b", [.. Enumerable.Range(0, 200).Select(i => i % 7 == 0 ? double.NaN : i * 1e-3)]),
        Series("c", [.. Enumerable.Range(0, 200).Select(i => 1e-300 * (i + 1))]),
    ];

    public static TheoryData<string> LineOptions()
    {
        var data = new TheoryData<string>();
        foreach (var name in GraphParameters.CommonOptions.Concat(GraphParameters.LineOptions).Where(static n => n != "outputFormat"))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LineOptions))]
    public void Every_line_option_at_absurd_values_draws_or_is_refused_with_bounded_memory(string option)
    {
        foreach (var value in HugeValues)
        {
            DrawOrRefuse(() => GraphRenderer.RenderLine(Data(), Parameters("line", $"{option}={value}"), TimeZoneInfo.Utc, ImageFormat.Png), $"{option}={value}");
        }

        DrawOrRefuse(() => GraphRenderer.RenderLine(Data(), Parameters("line", $"{option}=100000000"), TimeZoneInfo.Utc, ImageFormat.Svg), $"{option}=100000000 (svg)");
    }

    [Theory]
    [InlineData("title")]
    [InlineData("valueLabelsMin")]
    [InlineData("areaAlpha")]
    [InlineData("fontSize")]
    [InlineData("margin")]
    [InlineData("width")]
    public void Every_pie_option_at_absurd_values_draws_or_is_refused(string option)
    {
        var slices = Enumerable.Range(0, 5).Select(i => new PieSlice("p" + i, i + 1)).ToArray();
        foreach (var value in HugeValues)
        {
            DrawOrRefuse(() => GraphRenderer.RenderPie(slices, Parameters("pie", $"{option}={value}"), ImageFormat.Png), $"pie {option}={value}");
        }
    }

    [Theory]
    [InlineData("minorY=100000000", "GraphLimits.MaxMinorY")]
    [InlineData("yDivisors=100000000", "GraphLimits.MaxYDivisor")]
    [InlineData("yDivisors=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", "GraphLimits.MaxYDivisors")]
    [InlineData("logBase=1.0000001", "GraphLimits.MaxAxisLabels")]
    [InlineData("hideLegend=false", "GraphLimits.MaxLegendItems")]
    [InlineData("minXStep=0&lineMode=staircase", "GraphLimits.MaxDrawingOperations")]
    public void Options_that_multiply_work_are_refused_naming_the_limit(string options, string limit)
    {
        // 1,500 series of 2,000 points: a legend of 1,500 entries, or 6 million path points without consolidation.
        var many = Enumerable.Range(0, 1500).Select(i => Series("s" + i, [.. Enumerable.Range(0, 2000).Select(j => 1e-200 * (1 + ((i + j) % 50)))])).ToArray();
        var positive = new[] { Series("p", [.. Enumerable.Range(0, 200).Select(i => Math.Pow(10, i - 100))]) };
        var data = limit switch
        {
            "GraphLimits.MaxLegendItems" or "GraphLimits.MaxDrawingOperations" => many,
            "GraphLimits.MaxAxisLabels" => positive,
            _ => Data(),
        };
        var error = Assert.Throws<GraphException>(() => GraphRenderer.RenderLine(data, Parameters("line", "width=4000&height=4000&" + options), TimeZoneInfo.Utc, ImageFormat.Png));
        Assert.Contains(limit, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Drawing_stops_when_it_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var data = Enumerable.Range(0, 50).Select(i => Series("s" + i, [.. Enumerable.Range(0, 2000).Select(j => (double)((i * j) % 97))])).ToArray();
        Assert.ThrowsAny<OperationCanceledException>(() => GraphRenderer.RenderLine(data, Parameters("line", "width=2000&minXStep=0"), TimeZoneInfo.Utc, ImageFormat.Png, cancelled.Token));
    }

    [Fact]
    public void Widths_and_dashes_from_functions_are_kept_drawable()
    {
        var wide = Series("w", [.. Enumerable.Range(0, 100).Select(i => (double)i)]);
        wide.Options["lineWidth"] = 1e12;
        var dashed = Series("d", [.. Enumerable.Range(0, 100).Select(i => (double)(100 - i))]);
        dashed.Options["dashed"] = 1e-12;
        DrawOrRefuse(() => GraphRenderer.RenderLine([wide, dashed], Parameters("line", ""), TimeZoneInfo.Utc, ImageFormat.Png), "lineWidth 1e12, dashed 1e-12");
        var scene = Draw([wide, dashed]);
        Assert.All(scene.Items.OfType<StrokeItem>(), s => Assert.True(s.Width <= scene.Width + scene.Height));
        Assert.All(scene.Items.OfType<StrokeItem>().Where(s => s.Dash is not null), s => Assert.True(s.Dash![0] >= 0.5));
    }

    private static Scene Draw(TimeSeries[] series)
    {
        using var measurer = new TextMeasurer();
        var graph = new LineGraph(Parameters("line", ""), series, TimeZoneInfo.Utc, measurer);
        graph.DrawGraph();
        return graph.Scene;
    }

    private static void DrawOrRefuse(Func<RenderedImage> draw, string what)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var image = draw();
            Assert.True(image.Bytes.Length > 0, what);
        }
        catch (GraphException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e}");
        }

        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(used < MaxAllocatedBytes, $"{what} allocated {used:N0} bytes");
    }
}

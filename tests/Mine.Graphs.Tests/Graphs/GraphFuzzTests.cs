using Mine.Graphs.Graphs;
using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Graphs;

/// <summary>
/// Random option values (good, bad and absurd) for every graph option, over random data: a graph or a
/// GraphException, never another exception, and the outputs always decode.
/// </summary>
public sealed class GraphFuzzTests
{
    private static readonly string[] Values =
    [
        "", "0", "1", "-1", "2", "7", "1.5", "-0.5", "1e9", "300", "99999", "true", "false", "default", "max", "e", "nan",
        "inf", "-inf", "red", "ff0000", "#00ff0080", "%2300ff00", "zz", "staircase", "connected", "slope", "stacked", "all",
        "first", "none", "binary", "si", "sec", "msec", "percent", "number", "rotated", "right", "left", "4,5,6", "3", "0,1",
        "a%25Hb", "%25d+%25B", "blue,green", "noc", "solarized-dark", "DejaVu+Sans+Mono", "x%0Ay", "\u00e9\u4e2d",
    ];

    [Fact]
    public void Random_line_options_draw_or_fail_cleanly()
    {
        var random = new Random(2026);
        var names = GraphParameters.CommonOptions.Concat(GraphParameters.LineOptions).Where(static n => n != "outputFormat").ToArray();
        var drawn = 0;
        for (var round = 0; round < 300; round++)
        {
            var options = string.Join("&", Enumerable.Range(0, random.Next(1, 8))
                .Select(_ => names[random.Next(names.Length)] + "=" + Values[random.Next(Values.Length)]))
                + "&width=" + random.Next(1, 600) + "&height=" + random.Next(1, 400);
            var series = Enumerable.Range(0, random.Next(0, 4)).Select(i =>
            {
                var values = Enumerable.Range(0, random.Next(1, 80)).Select(_ => random.Next(10) switch
                {
                    0 => double.NaN,
                    1 => -random.NextDouble() * 1e6,
                    2 => double.PositiveInfinity,
                    _ => random.NextDouble() * Math.Pow(10, random.Next(-5, 12)),
                }).ToArray();
                var s = Series("s" + i, values);
                if (random.Next(4) == 0)
                {
                    s.Options["secondYAxis"] = true;
                }

                if (random.Next(5) == 0)
                {
                    s.Options["stacked"] = true;
                }

                if (random.Next(6) == 0)
                {
                    s.Options["drawAsInfinite"] = true;
                }

                return s;
            }).ToArray();
            try
            {
                using var g = Line(options, series);
                Assert.True(g.Png.Width > 0, options);
                drawn++;
            }
            catch (GraphException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{options}: {e}");
            }
        }

        Assert.True(drawn > 100, $"only {drawn} of 300 drew");
    }

    [Fact]
    public void Random_pie_options_draw_or_fail_cleanly()
    {
        var random = new Random(7);
        var names = GraphParameters.CommonOptions.Concat(GraphParameters.PieOptions).Where(static n => n != "outputFormat").ToArray();
        for (var round = 0; round < 150; round++)
        {
            var options = string.Join("&", Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => names[random.Next(names.Length)] + "=" + Values[random.Next(Values.Length)]));
            var slices = Enumerable.Range(0, random.Next(0, 6)).Select(i => new PieSlice("p" + i, random.Next(4) == 0 ? 0 : random.NextDouble() * 100)).ToArray();
            try
            {
                using var g = Pie(options, slices);
                Assert.True(g.Png.Width > 0);
            }
            catch (GraphException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{options}: {e}");
            }
        }
    }
}

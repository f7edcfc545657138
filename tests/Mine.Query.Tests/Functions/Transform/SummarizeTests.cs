using Mine.Query.Evaluation;
using Mine.Query.Series;
using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class SummarizeTests
{
    private const long Start = FunctionTestKit.Start;

    [Theory]
    [InlineData("summarize(a.b,\"2min\")", "summarize(a.b, \"2min\", \"sum\") [1.0, 2.5, 0.5, 8.0, -0.75, None]")]
    [InlineData("summarize(a.*,\"3min\",\"avg\")", "summarize(a.b, \"3min\", \"avg\") [-0.25, 2.25, 5.125, -3.0]\nsummarize(a.c, \"3min\", \"avg\") [20.0, 15.0, 47.666666666666664, 7.0]")]
    [InlineData("summarize(a.c,\"3min\",\"max\",true)", "summarize(a.c, \"3min\", \"max\", true) [30.0, 25.0, 100.0, 7.0]")]
    [InlineData("summarize(a.c,\"4min\",\"last\",alignToFrom=true)", "summarize(a.c, \"4min\", \"last\", true) [25.0, 100.0, 7.0]")]
    [InlineData("summarize(ctr.x,\"5min\",\"median\")", "summarize(ctr.x, \"5min\", \"median\") [105.0, 35.0, None]")]
    [InlineData("summarize(a.b,\"1h\",\"count\")", "summarize(a.b, \"1h\", \"count\") [7.0]")]
    [InlineData("summarize(a.c,\"90s\",\"sum\")", "summarize(a.c, \"90s\", \"sum\") [30.0, 30.0, 30.0, None, 140.0, 3.0, 7.0]")]
    [InlineData("summarize(a.c,\"90s\",\"sum\",true)", "summarize(a.c, \"90s\", \"sum\", true) [30.0, 30.0, 30.0, None, 140.0, 3.0, 7.0]")]
    [InlineData("summarize(a.b,\"2min\",\"diff\")", "summarize(a.b, \"2min\", \"diff\") [1.0, -5.5, 0.5, 8.0, 5.25, None]")]
    [InlineData("summarize(a.b,\"3min\",\"stddev\")", "summarize(a.b, \"3min\", \"stddev\") [1.25, 1.75, 2.875, 0.0]")]
    [InlineData("summarize(a.b,\"3min\",\"range\")", "summarize(a.b, \"3min\", \"range\") [2.5, 3.5, 5.75, 0.0]")]
    [InlineData("summarize(a.b,\"3min\",\"rangeOf\")", "summarize(a.b, \"3min\", \"rangeOf\") [2.5, 3.5, 5.75, 0.0]")]
    [InlineData("summarize(a.b,\"3min\",\"multiply\")", "summarize(a.b, \"3min\", \"multiply\") [None, None, None, -3.0]")]
    [InlineData("summarize(a.b,\"3min\",\"avg_zero\")", "summarize(a.b, \"3min\", \"avg_zero\") [-0.16666666666666666, 1.5, 3.4166666666666665, -3.0]")]
    [InlineData("summarize(a.b,\"3min\",\"total\")", "summarize(a.b, \"3min\", \"total\") [-0.5, 4.5, 10.25, -3.0]")]
    [InlineData("summarize(a.b,\"3min\",\"current\")", "summarize(a.b, \"3min\", \"current\") [-1.5, 0.5, 2.25, -3.0]")]
    [InlineData("smartSummarize(a.b,\"2min\")", "smartSummarize(a.b, \"2min\", \"sum\") [1.0, 2.5, 0.5, 8.0, -0.75]")]
    [InlineData("smartSummarize(a.c,\"3min\",\"avg\")", "smartSummarize(a.c, \"3min\", \"avg\") [20.0, 15.0, 47.666666666666664, 7.0]")]
    [InlineData("smartSummarize(a.c,\"4min\",\"max\")", "smartSummarize(a.c, \"4min\", \"max\") [30.0, 100.0, 7.0]")]

    // True and False are the retired alignToFrom flag: accepted and ignored.
    [InlineData("smartSummarize(a.c,\"3min\",\"sum\",true)", "smartSummarize(a.c, \"3min\", \"sum\") [60.0, 30.0, 143.0, 7.0]")]
    [InlineData("smartSummarize(a.c,\"3min\",\"sum\",false)", "smartSummarize(a.c, \"3min\", \"sum\") [60.0, 30.0, 143.0, 7.0]")]
    public void Buckets_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Theory]
    [InlineData("summarize(a.c,\"3min\")", 0, 180, 720)]
    [InlineData("summarize(a.c,\"4min\")", 0, 240, 720)]
    [InlineData("summarize(a.c,\"4min\",\"sum\",true)", 0, 240, 720)]
    [InlineData("smartSummarize(a.c,\"4min\")", 0, 240, 720)]
    [InlineData("summarize(a.c,\"90s\",\"sum\",true)", 0, 90, 630)]
    public void Sets_start_step_and_aligned_end(string target, long start, long step, long end)
    {
        var series = Assert.Single(TransformData.Kit().Evaluate(target));
        Assert.Equal((Start + start, step, Start + end), (series.Start, series.Step, series.End));
    }

    [Fact]
    public void Aligns_buckets_to_the_interval_or_to_the_series_start()
    {
        // graphite-web with from 89 s after the first point: the series starts at the next minute.
        var kit = TransformData.Kit();
        var aligned = Assert.Single(kit.Evaluate("summarize(a.c,\"3min\")", from: Start + 89, until: Start + 599));
        Assert.Equal("summarize(a.c, \"3min\", \"sum\") [30.0, 30.0, 143.0, 7.0]", FunctionTestKit.Describe([aligned]));
        Assert.Equal(Start, aligned.Start);
        var fromStart = Assert.Single(kit.Evaluate("summarize(a.c,\"3min\",\"sum\",true)", from: Start + 89, until: Start + 599));
        Assert.Equal("summarize(a.c, \"3min\", \"sum\", true) [60.0, 140.0, 10.0]", FunctionTestKit.Describe([fromStart]));
        Assert.Equal(Start + 120, fromStart.Start);
    }

    [Fact]
    public void Tags_interval_and_function()
    {
        var summarized = Assert.Single(TransformData.Kit().Evaluate("summarize(a.b,\"2min\",\"avg\")"));
        Assert.Equal(("2min", "avg"), (summarized.Tags["summarize"], summarized.Tags["summarizeFunction"]));
        var smart = Assert.Single(TransformData.Kit().Evaluate("smartSummarize(a.b,\"2min\")"));
        Assert.Equal(("2min", "sum"), (smart.Tags["smartSummarize"], smart.Tags["smartSummarizeFunction"]));
    }

    [Fact]
    public void Buckets_need_the_series_xfilesfactor_share_of_values()
    {
        // 3 of the 5 points of the second and third buckets are present: 0.6 passes 0.5 and fails 0.7. The end is
        // rounded up past a whole interval, so a last empty bucket follows.
        var kit = new FunctionTestKit().Add("x.f", 1, 1, 1, 1, 1, 1, double.NaN, 1, double.NaN, 1, 1, double.NaN, double.NaN, 1, 1);
        Assert.Equal(
            "summarize(x.f, \"5min\", \"sum\") [5.0, 3.0, 3.0, None]",
            FunctionTestKit.Describe(kit.Evaluate("summarize(x.f,\"5min\")", xFilesFactor: 0.5)));
        Assert.Equal(
            "summarize(x.f, \"5min\", \"sum\") [5.0, None, None, None]",
            FunctionTestKit.Describe(kit.Evaluate("summarize(x.f,\"5min\")", xFilesFactor: 0.7)));
    }

    [Theory]
    [InlineData("smartSummarize(a.c,\"3min\",\"sum\",\"seconds\")", 120, "[60.0, 140.0, 10.0]")]

    // The re-fetch starts at the aligned time, whose own point the in-memory source includes.
    [InlineData("smartSummarize(a.c,\"3min\",\"sum\",\"minutes\")", 60, "[75.0, 45.0, 110.0]")]
    [InlineData("smartSummarize(a.c,\"3min\",\"sum\",\"hours\")", 0, "[60.0, 30.0, 143.0, 7.0]")]
    public void AlignTo_fetches_again_from_the_start_of_the_unit(string target, long start, string values)
    {
        var series = Assert.Single(TransformData.Kit().Evaluate(target, from: Start + 89, until: Start + 599));
        Assert.Equal($"smartSummarize(a.c, \"3min\", \"sum\") {values}", FunctionTestKit.Describe([series]));
        Assert.Equal(Start + start, series.Start);
    }

    // An hourly series of ones up to Wednesday 2023-11-15 08:00 UTC; the request starts Tuesday 2023-11-14
    // 22:30 UTC (23:30 in Berlin, 04:00 Wednesday in Kolkata).
    [Theory]
    [InlineData("days", "UTC", -22 * 3600, "[24.0, 8.0]")]
    [InlineData("days", "Europe/Berlin", -23 * 3600, "[24.0, 9.0]")]
    [InlineData("days", "Asia/Kolkata", -10800, "[13.0]")]
    [InlineData("hours", "Asia/Kolkata", 3600, "[9.0]")]
    [InlineData("weeks", "UTC", -((24 + 22) * 3600), "[24.0, 24.0, 8.0]")]
    [InlineData("weeks", "Europe/Berlin", -((24 + 23) * 3600), "[24.0, 24.0, 9.0]")]
    [InlineData("months", "UTC", -((13 * 24) + 22) * 3600, "[24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 8.0]")]
    [InlineData("years", "UTC", -14 * 24 * 3600, "[24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 24.0, 10.0]")]
    public void AlignTo_uses_the_wall_clock_of_the_request_zone(string alignTo, string zone, long start, string values)
    {
        // The series begins 14 days before the kit start, so the start of the year re-fetches from the series'
        // own first point (Tuesday 2023-10-31 22:00 UTC). Unaligned starts (Kolkata's half hour) move to the
        // next stored hour, and the in-memory source includes a point at an aligned start.
        var kit = new FunctionTestKit().AddAt("h.r", Start - (14 * 86400), 3600, [.. Enumerable.Repeat(1.0, (14 * 24) + 10)]);
        var context = kit.Context(Start + 1800, Start + (10 * 3600)) with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) };
        var series = Assert.Single(TargetEvaluator.Default.Evaluate([$"smartSummarize(h.r,\"1d\",\"sum\",\"{alignTo}\")"], context));
        Assert.Equal($"smartSummarize(h.r, \"1d\", \"sum\") {values}", FunctionTestKit.Describe([series]));
        Assert.Equal(Start + start, series.Start);
    }

    [Theory]
    [InlineData("summarize(a.b,\"0min\")", "must be longer than zero seconds")]
    [InlineData("summarize(a.b,\"-2min\")", "must be longer than zero seconds")]
    [InlineData("smartSummarize(a.b,\"0s\")", "must be longer than zero seconds")]
    [InlineData("summarize(a.b,\"2min\",\"bogus\")", "Invalid option specified for function \"summarize\" parameter \"func\"")]
    [InlineData("smartSummarize(a.b,\"2min\",\"sum\",\"fortnights\")", "Invalid option specified for function \"smartSummarize\" parameter \"alignTo\"")]
    [InlineData("summarize(a.b,\"2x\")", "Invalid \"interval\" value specified for function \"summarize\" parameter \"intervalString\"")]
    public void Bad_intervals_and_names_are_refused(string target, string message)
        => Assert.Contains(message, TransformData.Error(target), StringComparison.Ordinal);

    [Fact]
    public void An_empty_list_needs_no_interval()
        => Assert.Empty(TransformData.Kit().Evaluate("summarize(n.one,\"0min\")"));

    [Fact]
    public void A_series_with_more_buckets_than_the_point_limit_is_refused()
    {
        var kit = TransformData.Kit();
        var context = kit.Context() with { Limits = new QueryLimits { MaxPoints = 10 } };
        var error = Assert.Throws<QueryArgumentException>(() => TargetEvaluator.Default.Evaluate(["summarize(a.b,\"1min\")"], context));
        Assert.Contains("MaxPointsPerRequest", error.Message, StringComparison.Ordinal);
        Assert.IsType<List<TimeSeries>>(TargetEvaluator.Default.Evaluate(["summarize(a.b,\"5min\")"], context));
    }
}

using Mine.Query.Evaluation;
using Mine.Query.Functions.Combine;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class AggregateTests
{
    private const double N = double.NaN;

    // The same values as the whisper files used to check graphite-web 1.1.8's answers.
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.x", 1, 2, N, 4, 5, 6, N, 8, 9, 10)
        .Add("a.y", 10, N, N, 40, 50.5, -6, 7, 8, N, 1)
        .Add("a.z", 3, 3, N, 3, 0, 0, 2, 2, 2, 2)
        .Add("b.x", 2, 2, 2, 0.5, 2, -2, 2, 2, 2, 2);

    [Theory]
    [InlineData("aggregate(a.*,\"sum\")", "sumSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]")]
    [InlineData("aggregate(a.*,\"total\")", "totalSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]")]
    [InlineData("aggregate(a.*,\"sumSeries\")", "sumSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]")]
    [InlineData("aggregate(a.*,\"average\")", "averageSeries(a.*) [4.666666666666667, 2.5, None, 15.666666666666666, 18.5, 0.0, 4.5, 6.0, 5.5, 4.333333333333333]")]
    [InlineData("aggregate(a.*,\"avg\",0.5)", "avgSeries(a.*) [4.666666666666667, 2.5, None, 15.666666666666666, 18.5, 0.0, 4.5, 6.0, 5.5, 4.333333333333333]")]
    [InlineData("aggregate(a.*,\"avg\",0.7)", "avgSeries(a.*) [4.666666666666667, None, None, 15.666666666666666, 18.5, 0.0, None, 6.0, None, 4.333333333333333]")]
    [InlineData("aggregate(a.*,\"avg_zero\")", "avg_zeroSeries(a.*) [4.666666666666667, 1.6666666666666667, None, 15.666666666666666, 18.5, 0.0, 3.0, 6.0, 3.6666666666666665, 4.333333333333333]")]
    [InlineData("aggregate(a.*,\"median\")", "medianSeries(a.*) [3.0, 2.5, None, 4.0, 5.0, 0.0, 4.5, 8.0, 5.5, 2.0]")]
    [InlineData("aggregate(a.*,\"min\")", "minSeries(a.*) [1.0, 2.0, None, 3.0, 0.0, -6.0, 2.0, 2.0, 2.0, 1.0]")]
    [InlineData("aggregate(a.*,\"max\")", "maxSeries(a.*) [10.0, 3.0, None, 40.0, 50.5, 6.0, 7.0, 8.0, 9.0, 10.0]")]
    [InlineData("aggregate(a.*,\"diff\")", "diffSeries(a.*) [-12.0, -1.0, None, -39.0, -45.5, 12.0, 5.0, -2.0, 7.0, 7.0]")]
    [InlineData("aggregate(a.*,\"stddev\")", "stddevSeries(a.*) [3.858612300930075, 0.5, None, 17.21110752456745, 22.719301632459274, 4.898979485566356, 2.5, 2.8284271247461903, 3.5, 4.0276819911981905]")]
    [InlineData("aggregate(a.*,\"count\")", "countSeries(a.*) [3.0, 2.0, None, 3.0, 3.0, 3.0, 2.0, 3.0, 2.0, 3.0]")]
    [InlineData("aggregate(a.*,\"range\")", "rangeSeries(a.*) [9.0, 1.0, None, 37.0, 50.5, 12.0, 5.0, 6.0, 7.0, 9.0]")]
    [InlineData("aggregate(a.*,\"rangeOf\")", "rangeOfSeries(a.*) [9.0, 1.0, None, 37.0, 50.5, 12.0, 5.0, 6.0, 7.0, 9.0]")]
    [InlineData("aggregate(a.*,\"multiply\")", "multiplySeries(a.*) [30.0, None, None, 480.0, 0.0, -0.0, None, 128.0, None, 20.0]")]
    [InlineData("aggregate(a.*,\"last\")", "lastSeries(a.*) [3.0, 3.0, None, 3.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0]")]
    [InlineData("aggregate(a.*,\"current\")", "currentSeries(a.*) [3.0, 3.0, None, 3.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0]")]
    [InlineData("aggregate(a.*, func=\"max\", xFilesFactor=1)", "maxSeries(a.*) [10.0, None, None, 40.0, 50.5, 6.0, None, 8.0, None, 10.0]")]
    [InlineData("a.*|aggregate(\"sum\")", "sumSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]")]
    [InlineData("aggregate(nothing.*,\"sum\")", "")]
    public void Aggregates_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Theory]
    [InlineData(null, "sumSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]")]
    [InlineData(0.5, "sumSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]")]
    [InlineData(0.9, "sumSeries(a.*) [14.0, None, None, 47.0, 55.5, 0.0, None, 18.0, None, 13.0]")]
    public void Without_an_xFilesFactor_argument_the_requests_applies(double? requestXff, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate("aggregate(a.*,\"sum\")", xFilesFactor: requestXff)));

    [Fact]
    public void The_argument_xFilesFactor_wins_and_is_kept_on_the_result()
    {
        var result = Kit().Evaluate("aggregate(a.*,\"sum\",0)", xFilesFactor: 0.9);
        Assert.Equal("sumSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]", FunctionTestKit.Describe(result));
        Assert.Equal(0, result[0].XFilesFactor);
        Assert.Equal(0.9, Kit().Evaluate("aggregate(a.*,\"sum\")", xFilesFactor: 0.9)[0].XFilesFactor);
    }

    [Fact]
    public void Tags_are_the_shared_ones_plus_name_and_aggregatedBy()
    {
        var kit = new FunctionTestKit()
            .Add("cpu;dc=ams;env=prod;rack=1", 1, 2)
            .Add("cpu;rack=2;env=prod;dc=ams", 3, 4)
            .Add("mem;dc=ams;env=prod;rack=2", 5, 6);
        var result = kit.Evaluate("aggregate(seriesByTag('env=prod'),'max')");
        Assert.Equal("maxSeries(seriesByTag('env=prod')) [5.0, 6.0]", FunctionTestKit.Describe(result));
        Assert.Equal(
            [new("dc", "ams"), new("env", "prod"), new("name", "maxSeries(seriesByTag('env=prod'))"), new("aggregatedBy", "max")],
            result[0].Tags);

        var sameName = kit.Evaluate("sumSeries(seriesByTag('name=cpu'))");
        Assert.Equal([new("dc", "ams"), new("env", "prod"), new("name", "cpu"), new("aggregatedBy", "sum")], sameName[0].Tags);
    }

    [Fact]
    public void An_existing_aggregatedBy_tag_keeps_its_place()
    {
        var kit = new FunctionTestKit().Add("a.b", 1).Add("a.c", 2);
        var result = kit.Evaluate("maxSeries(sumSeries(a.b),sumSeries(a.c))");
        Assert.Equal("maxSeries(sumSeries(a.b),sumSeries(a.c)) [2.0]", FunctionTestKit.Describe(result));
        Assert.Equal([new("aggregatedBy", "max"), new("name", "maxSeries(sumSeries(a.b),sumSeries(a.c))")], result[0].Tags);
    }

    [Fact]
    public void Different_steps_are_consolidated_to_their_least_common_multiple()
    {
        var kit = new FunctionTestKit()
            .Add("a.x", 1, 2, N, 4, 5, 6, N, 8, 9, 10)
            .AddAt("c.p", FunctionTestKit.Start, 120, 5, 7, N, 9, 11);
        var result = kit.Evaluate("sumSeries(a.x,c.p)");
        Assert.Equal("sumSeries(a.x,c.p) [6.5, 11.0, 5.5, 17.0, 20.5]", FunctionTestKit.Describe(result));
        Assert.Equal((FunctionTestKit.Start, FunctionTestKit.Start + 600, 120L), (result[0].Start, result[0].End, result[0].Step));
    }

    [Fact]
    public void Rows_pair_points_by_position_and_pad_short_series_with_None()
    {
        // izip_longest pairs the i-th points whatever their timestamps; the span is the union, cut to whole steps.
        var kit = new FunctionTestKit()
            .Add("a.long", 1, 2, 3, 4)
            .AddAt("a.late", FunctionTestKit.Start + 120, 60, 10, 20);
        var result = kit.Evaluate("sumSeries(a.*)");
        Assert.Equal("sumSeries(a.*) [11.0, 22.0, 3.0, 4.0]", FunctionTestKit.Describe(result));
        Assert.Equal((FunctionTestKit.Start, FunctionTestKit.Start + 240), (result[0].Start, result[0].End));

        Assert.Equal("multiplySeries(a.*) [10.0, 40.0, None, None]", FunctionTestKit.Describe(kit.Evaluate("multiplySeries(a.*)")));
    }

    [Fact]
    public void Normalize_marks_the_input_series_as_consolidated()
    {
        // graphite-web's normalize() calls consolidate() on the inputs themselves.
        var kit = new FunctionTestKit().Add("a.x", 1, 2, 3, 4).AddAt("c.p", FunctionTestKit.Start, 120, 5, 7);
        var context = kit.Context();
        var inputs = new List<List<Mine.Query.Series.TimeSeries>> { context.Source.FetchPath("a.x", context.StartSeconds, context.EndSeconds, 0, SeriesReadLimits.Unlimited()).Select(f => new Mine.Query.Series.TimeSeries(f)).ToList() };
        inputs.Add(context.Source.FetchPath("c.p", context.StartSeconds, context.EndSeconds, 0, SeriesReadLimits.Unlimited()).Select(f => new Mine.Query.Series.TimeSeries(f)).ToList());
        var result = Aggregate.Run(context, inputs, "sum");
        Assert.Equal(2, inputs[0][0].ValuesPerPoint);
        Assert.Equal("sumSeries(a.x,c.p) [6.5, 10.5]", FunctionTestKit.Describe(result));
    }

    [Fact]
    public void Run_rejects_an_unknown_function_naming_it_as_given()
    {
        var kit = Kit();
        var error = Assert.Throws<QueryArgumentException>(() => Aggregate.Run(kit.Context(), [], "bogusSeries"));
        Assert.Equal("Unsupported aggregation function: bogusSeries", error.Message);
    }

    [Theory]
    [InlineData("aggregate(a.*)", "Missing required parameter \"func\" for function \"aggregate\"")]
    [InlineData("aggregate(a.*,\"bogus\")", "Invalid option specified for function \"aggregate\" parameter \"func\"")]
    [InlineData("aggregate(a.*,\"bogusSeries\")", "Invalid option specified for function \"aggregate\" parameter \"func\"")]
    [InlineData("aggregate(a.*,\"sum\",\"x\")", "Invalid \"float\" value specified for function \"aggregate\" parameter \"xFilesFactor\"")]
    [InlineData("aggregate(a.*,\"sum\",0,1)", "Too many parameters specified for function \"aggregate\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}

using Mine.Query.Evaluation;
using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class TimeSliceTests
{
    // graphite-web's answers for the shared series placed at 2026-11-26 05:00 UTC.
    private const long T0 = 1795669200;

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .AddAt("a.b", T0, 60, 1, double.NaN, -1.5, 4, 0.5, double.NaN, double.NaN, 8, 2.25, -3)
        .AddAt("a.c", T0, 60, 10, 20, 30, 25, 5, double.NaN, 40, 100, 3, 7);

    [Theory]
    [InlineData("timeSlice(a.c,\"1795669320\",\"1795669500\")", "timeSlice(a.c, 1795669320, 1795669500) [None, None, None, 25.0, 5.0, None, None, None, None, None]")]
    [InlineData("timeSlice(a.*,\"1795669350\",\"1795669530\")", "timeSlice(a.b, 1795669350, 1795669530) [None, None, None, 4.0, 0.5, None, None, None, None, None]\ntimeSlice(a.c, 1795669350, 1795669530) [None, None, None, 25.0, 5.0, None, None, None, None, None]")]

    // The bounds are read in UTC whatever the request's zone.
    [InlineData("timeSlice(a.c,\"05:02 20261126\",\"05:05 20261126\")", "timeSlice(a.c, 1795669320, 1795669500) [None, None, None, 25.0, 5.0, None, None, None, None, None]")]
    public void Keeps_values_inside_the_inclusive_window(string target, string expected)
    {
        // The walk starts at the request start, one second before the first point, so 05:02 itself is cut.
        Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, from: T0 - 1, until: T0 + 599)));
    }

    [Fact]
    public void Walks_from_the_request_start_not_the_series_start()
    {
        var result = Kit().Evaluate("timeSlice(a.c,\"1795669320\",\"1795669500\")", from: T0 + 30, until: T0 + 599);
        Assert.Equal("timeSlice(a.c, 1795669320, 1795669500) [None, None, 25.0, 5.0, None, None, None, None, None]", FunctionTestKit.Describe(result));
    }

    [Fact]
    public void Ends_now_by_default_and_tags_both_bounds()
    {
        var series = Assert.Single(Kit().Evaluate("timeSlice(a.c,\"1795669320\")", from: T0 - 1, until: T0 + 599));
        Assert.Equal("timeSlice(a.c, 1795669320, 1795669799) [None, None, None, 25.0, 5.0, None, 40.0, 100.0, 3.0, 7.0]", FunctionTestKit.Describe([series]));
        Assert.Equal(("1795669320", "1795669799"), (series.Tags["timeSliceStart"], series.Tags["timeSliceEnd"]));
    }

    [Fact]
    public void Relative_bounds_count_from_the_request_now()
    {
        var series = Assert.Single(Kit().Evaluate("timeSlice(a.c,\"-7min\",\"-4min\")", from: T0 - 1, until: T0 + 600));
        Assert.Equal("timeSlice(a.c, 1795669380, 1795669560) [None, None, None, None, 5.0, None, 40.0, None, None, None]", FunctionTestKit.Describe([series]));
    }

    [Fact]
    public void Another_request_zone_moves_the_walk_by_its_offset()
    {
        // graphite-web reads the request start's wall clock as UTC: in Berlin (UTC+1) every point lies an hour
        // later than the window, and the window has to move an hour on to find them.
        var context = Kit().Context(T0 - 1, T0 + 599) with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") };
        Assert.Equal(
            "timeSlice(a.c, 1795669320, 1795669500) [None, None, None, None, None, None, None, None, None, None]",
            FunctionTestKit.Describe(TargetEvaluator.Default.Evaluate(["timeSlice(a.c,\"05:02 20261126\",\"05:05 20261126\")"], context)));
        Assert.Equal(
            "timeSlice(a.c, 1795672920, 1795673100) [None, None, None, 25.0, 5.0, None, None, None, None, None]",
            FunctionTestKit.Describe(TargetEvaluator.Default.Evaluate(["timeSlice(a.c,\"1795672920\",\"1795673100\")"], context)));
    }

    [Theory]
    [InlineData("timeSlice(a.c, 12345)", "needs a time string")]
    [InlineData("timeSlice(a.c, \"yesterdayish\")", "Unknown day reference")]
    public void Bad_bounds_are_refused(string target, string message)
        => Assert.Contains(message, Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target)).Message, StringComparison.Ordinal);
}

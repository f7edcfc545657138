using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

public class IdentityTests
{
    private const long Start = FunctionTestKit.Start;

    [Theory]
    [InlineData(Start, Start + 180, "x.y [1699999200.0, 1699999260.0, 1699999320.0]")]
    // range(start, end, 60): the last point is the last whole minute before the end, starting at the exact start.
    [InlineData(Start + 1, Start + 121, "x.y [1699999201.0, 1699999261.0]")]
    [InlineData(Start + 1, Start + 122, "x.y [1699999201.0, 1699999261.0, 1699999321.0]")]
    [InlineData(Start, Start, "x.y []")]
    public void Values_are_the_timestamps_of_one_point_a_minute(long from, long until, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(new FunctionTestKit().Evaluate("identity('x.y')", from, until)));

    [Fact]
    public void The_series_is_named_by_the_argument_and_tagged_from_it()
    {
        var series = Assert.Single(new FunctionTestKit().Evaluate("identity(\"The.time;env=prod\")", Start, Start + 120, xFilesFactor: 0.5));
        Assert.Equal("The.time;env=prod", series.Name);
        Assert.Equal("identity(\"The.time;env=prod\")", series.PathExpression);
        Assert.Equal(["env=prod", "name=The.time"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(60, series.Step);
        Assert.Equal(Start + 120, series.End);
        Assert.Equal(0.5, series.XFilesFactor);
    }

    [Theory]
    [InlineData("identity()", "Missing required parameter \"name\" for function \"identity\"")]
    [InlineData("identity(a.b)", "identity(): name must be a string, not a series list")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => new FunctionTestKit().Evaluate(target, Start, Start + 60));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}

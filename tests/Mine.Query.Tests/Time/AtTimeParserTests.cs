using System.Globalization;
using Mine.Query.Time;

namespace Mine.Query.Tests.Time;

public sealed partial class AtTimeParserTests
{
    [Theory]
    [MemberData(nameof(GraphiteWebCases))]
    public void Parse_matches_graphite_web(string zone, long nowSeconds, string input, string expected)
    {
        var timeZone = TimeZoneResolver.Resolve(zone);
        var now = DateTimeOffset.FromUnixTimeSeconds(nowSeconds);

        if (expected.StartsWith('!'))
        {
            var error = Assert.Throws<QueryArgumentException>(() => AtTimeParser.Parse(input, timeZone, now));
            Assert.Equal(expected[1..], error.Message);
            Assert.Equal(input, error.Input);
        }
        else
        {
            var parsed = AtTimeParser.Parse(input, timeZone, now);
            Assert.Equal(long.Parse(expected, CultureInfo.InvariantCulture), parsed.ToUnixTimeSeconds());
        }
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("+1h", 3600)]
    [InlineData("-1d2h", -93600)]
    [InlineData("3weeks", 1814400)]
    [InlineData("-1mon", -2592000)]
    [InlineData("-1y", -31536000)]
    [InlineData("+5min30s", 330)]
    [InlineData("-", 0)]
    public void ParseTimeOffset_sums_chained_units_under_one_sign(string offset, long expectedSeconds)
        => Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), AtTimeParser.ParseTimeOffset(offset));

    [Theory]
    [InlineData("-5m", "Invalid offset unit 'm'")]
    [InlineData("-5", "Invalid offset unit ''")]
    [InlineData("-d", "invalid literal for int() with base 10: ''")]
    [InlineData("x5d", "'Invalid offset: x5d'")]
    [InlineData("*", "'Invalid offset: *'")]
    public void ParseTimeOffset_reports_graphite_web_errors(string offset, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => AtTimeParser.ParseTimeOffset(offset));
        Assert.Equal(message, error.Message);
        Assert.Equal(offset, error.Input);
    }

    [Fact]
    public void Parse_keeps_sub_second_precision_of_now_only_for_now_relative_values()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);
        Assert.Equal(now.AddHours(-1), AtTimeParser.Parse("-1h", TimeZoneInfo.Utc, now));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_699_963_200), AtTimeParser.Parse("noon", TimeZoneInfo.Utc, now));
    }
}

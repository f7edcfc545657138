using System.Globalization;
using Mine.Query.Time;

namespace Mine.Query.Tests.Time;

public sealed class RenderTimeRangeTests
{
    /// <summary>
    /// Produced by Golden/render_time_golden.py, which feeds fake requests to graphite-web 1.1.8's
    /// render/views.py parseOptions: (from, until, now, tz) → "start..end" epoch seconds, or "!" + the
    /// InputParameterError text (null = parameter absent).
    /// </summary>
    public static TheoryData<string?, string?, string?, string?, string> GraphiteWebCases => new()
    {
        { null, null, "1700000000", null, "1699913600..1700000000" },
        { "-2h", null, "1700000000", null, "1699992800..1700000000" },
        { "-2h", "-1h", "1700000000", null, "1699992800..1699996400" },
        { "-1h", "-2h", "1700000000", null, "1699992800..1699996400" },
        { "now", null, "1700000000", null, "!Invalid empty time range" },
        { "", null, "1700000000", null, "!Invalid empty time range" },
        { "-1h", "-1h", "1700000000", null, "!Invalid empty time range" },
        { "noon", "midnight", "1700000000", "America/New_York", "1699938000..1699981200" },
        { "noon", "midnight", "1700000000", "Not/AZone", "1699920000..1699963200" },
        { "noon", null, "1700000000", "europe/berlin", "1699959600..1700000000" },
        { "-5m", null, "1700000000", null, "!Invalid offset unit 'm'" },
        { null, "bogus", "1700000000", null, "!Unknown day reference: bogus" },
        { "20140523", "20140524", "1700000000", null, "1400803200..1400889600" },
        { "1400000000", "1400003600", "1700000000", null, "1400000000..1400003600" },
    };

    [Theory]
    [MemberData(nameof(GraphiteWebCases))]
    public void Parse_matches_graphite_web(string? from, string? until, string? now, string? zone, string expected)
    {
        var timeZone = TimeZoneResolver.Resolve(zone);
        var clock = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        if (expected.StartsWith('!'))
        {
            var error = Assert.Throws<QueryArgumentException>(() => RenderTimeRange.Parse(from, until, now, timeZone, clock));
            Assert.Equal(expected[1..], (error.InnerException ?? error).Message);
        }
        else
        {
            var range = RenderTimeRange.Parse(from, until, now, timeZone, clock);
            Assert.Equal(expected, string.Create(CultureInfo.InvariantCulture, $"{range.StartSeconds}..{range.EndSeconds}"));
        }
    }

    [Fact]
    public void Parse_defaults_to_the_last_day_before_the_clock()
    {
        var clock = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500);
        var range = RenderTimeRange.Parse(null, null, null, TimeZoneInfo.Utc, clock);
        Assert.Equal(clock.AddDays(-1), range.Start);
        Assert.Equal(clock, range.End);
        Assert.Equal(clock, range.Now);
    }

    [Fact]
    public void Parse_error_names_the_parameter_and_value()
    {
        var error = Assert.Throws<QueryArgumentException>(
            () => RenderTimeRange.Parse("-5m", null, null, TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch.AddYears(50)));
        Assert.Equal("Invalid value '-5m' for param from: Invalid offset unit 'm'", error.Message);
        Assert.Equal("-5m", error.Input);
    }
}

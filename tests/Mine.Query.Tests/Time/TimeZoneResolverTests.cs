using Mine.Query.Time;

namespace Mine.Query.Tests.Time;

public sealed class TimeZoneResolverTests
{
    /// <summary>Expected ids are what pytz.timezone(name) returned (python3-tz 2022.7.1); null = UnknownTimeZoneError.</summary>
    [Theory]
    [InlineData("UTC", "UTC")]
    [InlineData("utc", "UTC")]
    [InlineData("Europe/London", "Europe/London")]
    [InlineData("europe/LONDON", "Europe/London")]
    [InlineData("us/eastern", "US/Eastern")]
    [InlineData("Etc/GMT_plus_5", "Etc/GMT+5")]
    [InlineData("Zulu", "Zulu")]
    [InlineData("Nope", null)]
    [InlineData("", null)]
    [InlineData("localtime", null)]
    [InlineData("posixrules", null)]
    [InlineData("Factory", null)]
    [InlineData("right/UTC", null)]
    [InlineData("../etc/passwd", null)]
    [InlineData("Eastern Standard Time", null)]
    [InlineData("Europe/Lündon", null)]
    public void TryResolve_accepts_what_pytz_accepts(string name, string? expectedId)
    {
        var found = TimeZoneResolver.TryResolve(name, out var zone);
        Assert.Equal(expectedId is not null, found);
        if (expectedId is not null)
        {
            Assert.Equal(expectedId, zone!.Id);
        }
    }

    [Fact]
    public void Resolve_falls_back_to_utc_like_graphite_web_settings()
    {
        Assert.Same(TimeZoneInfo.Utc, TimeZoneResolver.Resolve("Not/AZone"));
        Assert.Same(TimeZoneInfo.Utc, TimeZoneResolver.Resolve(null));
    }
}

using Mine.Query.Evaluation;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// The datetime arithmetic of graphite-web's time-related functions. The request's start and end are aware
/// datetimes in the request's zone; <c>time.mktime(dt.timetuple())</c> reads their wall clock in the process's
/// zone, which Django sets to settings.TIME_ZONE: UTC for graphite-web's defaults and for Mine. So mktime gives
/// the wall clock read as UTC, i.e. the instant shifted by the request zone's UTC offset.
/// </summary>
internal static class ServerClock
{
    /// <summary>The wall clock of an instant in the request's zone (a normalized pytz datetime).</summary>
    public static DateTime WallClock(long unixSeconds, TimeZoneInfo zone)
        => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), zone).DateTime;

    /// <summary><c>time.mktime(dt.timetuple())</c> for the instant seen in <paramref name="zone"/>.</summary>
    public static long MkTime(long unixSeconds, TimeZoneInfo zone)
        => unixSeconds + (long)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).TotalSeconds;

    /// <summary>
    /// <c>datetime(s.year, ..., tzinfo=s.tzinfo)</c> built from the request start's wall clock: pytz keeps the
    /// start's own UTC offset, so the new start lies exactly as far before the old one as the wall clocks differ.
    /// </summary>
    public static long AlignStart(EvaluationContext context, Func<DateTime, DateTime> truncateWallClock)
    {
        var wall = WallClock(context.StartSeconds, context.TimeZone);
        return context.StartSeconds - (long)(wall - truncateWallClock(wall)).TotalSeconds;
    }

    /// <summary><c>datetime + timedelta</c> on the request's times: fails like Python past year 9999 or before year 1.</summary>
    public static long Shift(long unixSeconds, long deltaSeconds)
    {
        const long MinSeconds = -62135596800;
        const long MaxSeconds = 253402300799;
        var shifted = unixSeconds + deltaSeconds;
        if (deltaSeconds > MaxSeconds - MinSeconds || deltaSeconds < MinSeconds - MaxSeconds || shifted is < MinSeconds or > MaxSeconds)
        {
            throw new QueryArgumentException("date value out of range");
        }

        return shifted;
    }
}

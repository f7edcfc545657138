namespace Mine.Query.Time;

/// <summary>
/// pytz's <c>DstTzInfo.localize(dt, is_dst=False)</c>: attaches a zone to a wall-clock time. For a time that
/// occurs twice (clocks going back) it picks the non-DST reading, i.e. the later instant; for a time that never
/// occurs (clocks going forward) it reads the wall time with the offset in force six hours earlier, so 02:30 on
/// a US spring-forward day becomes 03:30 daylight time.
/// </summary>
internal static class PytzLocalizer
{
    private static readonly TimeSpan ProbeDistance = TimeSpan.FromDays(1);

    /// <summary>The UTC instant pytz assigns to <paramref name="wallTime"/> in <paramref name="zone"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant falls outside DateTime's range.</exception>
    public static DateTime Localize(DateTime wallTime, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc)
        {
            return DateTime.SpecifyKind(wallTime, DateTimeKind.Utc);
        }

        // pytz takes the offsets in force a day either side (bisecting its UTC transition list with the wall
        // time) and keeps each one that reproduces the wall time.
        Span<long> validInstants = stackalloc long[2];
        var validCount = 0;
        var previousOffset = TimeSpan.MinValue;
        foreach (var probe in (ReadOnlySpan<long>)[wallTime.Ticks - ProbeDistance.Ticks, wallTime.Ticks + ProbeDistance.Ticks])
        {
            var probeTime = new DateTime(Math.Clamp(probe, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            var offset = zone.GetUtcOffset(probeTime);
            if (offset == previousOffset)
            {
                continue;
            }

            previousOffset = offset;
            var instant = wallTime.Ticks - offset.Ticks;
            if (instant >= DateTime.MinValue.Ticks && instant <= DateTime.MaxValue.Ticks
                && zone.GetUtcOffset(new DateTime(instant, DateTimeKind.Utc)) == offset)
            {
                validInstants[validCount++] = instant;
            }
        }

        if (validCount == 1)
        {
            return new DateTime(validInstants[0], DateTimeKind.Utc);
        }

        if (validCount == 0)
        {
            // A wall time skipped by the clocks: localize(dt - 6h) + 6h.
            return Localize(wallTime.AddHours(-6), zone).AddHours(6);
        }

        // A wall time that happens twice: keep the non-daylight readings (all of them if none is), then the latest.
        var latestStandard = long.MinValue;
        for (var i = 0; i < validCount; i++)
        {
            if (!zone.IsDaylightSavingTime(new DateTime(validInstants[i], DateTimeKind.Utc)))
            {
                latestStandard = Math.Max(latestStandard, validInstants[i]);
            }
        }

        var chosen = latestStandard != long.MinValue ? latestStandard : Math.Max(validInstants[0], validInstants[1]);
        return new DateTime(chosen, DateTimeKind.Utc);
    }
}

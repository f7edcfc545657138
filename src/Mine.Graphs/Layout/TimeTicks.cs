namespace Mine.Graphs.Layout;

/// <summary>
/// The times of grid lines and labels along the x axis (glyph.py <c>find_x_times</c>): the first whole unit
/// multiple at or after the start, then every step. Like graphite-web with pytz, the whole axis uses the UTC offset
/// of its start, so a daylight-saving change inside the graph shifts neither lines nor labels.
/// </summary>
public static class TimeTicks
{
    /// <param name="start">The axis start in wall-clock time at the start's offset.</param>
    /// <param name="unit">The tick unit.</param>
    /// <param name="step">Units per tick (whole, except days, where 3.5 occurs).</param>
    /// <returns>The first tick and the distance between ticks.</returns>
    public static (DateTime First, TimeSpan Delta) Find(DateTime start, TimeUnit unit, double step)
    {
        if (!(step > 0) || (unit != TimeUnit.Day && step != Math.Floor(step)))
        {
            throw new GraphException($"invalid x-axis step {step}");
        }

        var whole = (int)step;
        DateTime first;
        TimeSpan delta;
        switch (unit)
        {
            case TimeUnit.Second:
                first = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second - (start.Second % whole), DateTimeKind.Unspecified);
                delta = TimeSpan.FromSeconds(whole);
                break;
            case TimeUnit.Minute:
                first = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute - (start.Minute % whole), 0, DateTimeKind.Unspecified);
                delta = TimeSpan.FromMinutes(whole);
                break;
            case TimeUnit.Hour:
                first = new DateTime(start.Year, start.Month, start.Day, start.Hour - (start.Hour % whole), 0, 0, DateTimeKind.Unspecified);
                delta = TimeSpan.FromHours(whole);
                break;
            default:
                first = new DateTime(start.Year, start.Month, start.Day, 0, 0, 0, DateTimeKind.Unspecified);
                delta = TimeSpan.FromDays(step);
                break;
        }

        while (first < start)
        {
            first += delta;
        }

        return (first, delta);
    }

    /// <summary>Whole seconds between two times, as glyph.py's toSeconds counts them (days and seconds only).</summary>
    public static long Seconds(TimeSpan span) => (long)Math.Floor(span.TotalSeconds);
}

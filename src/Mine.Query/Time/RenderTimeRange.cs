using Mine.Compat.Python;

namespace Mine.Query.Time;

/// <summary>
/// The time window of a /render request, as graphite-web's render/views.py parseOptions computes it:
/// <c>now</c> defaults to the clock, <c>until</c> to now, <c>from</c> to "-1d"; the two are swapped if reversed,
/// and an empty window is refused.
/// </summary>
/// <param name="Start">The earlier of from/until.</param>
/// <param name="End">The later of from/until.</param>
/// <param name="Now">The reference time relative offsets were taken from.</param>
public readonly record struct RenderTimeRange(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Now)
{
    /// <summary>Epoch seconds of <see cref="Start"/>, as graphite-web's util.timebounds (floor).</summary>
    public long StartSeconds => Start.ToUnixTimeSeconds();

    /// <summary>Epoch seconds of <see cref="End"/>.</summary>
    public long EndSeconds => End.ToUnixTimeSeconds();

    /// <summary>Epoch seconds of <see cref="Now"/>.</summary>
    public long NowSeconds => Now.ToUnixTimeSeconds();

    /// <summary>
    /// Parses the request's <c>from</c>, <c>until</c> and <c>now</c> values (null = parameter absent; an empty
    /// string is present and means "now", as in graphite-web).
    /// </summary>
    /// <exception cref="QueryArgumentException">
    /// A value does not parse (message "Invalid value 'x' for param from: …", the inner exception carries
    /// graphite-web's bare message), or the window is empty ("Invalid empty time range").
    /// </exception>
    public static RenderTimeRange Parse(string? from, string? until, string? now, TimeZoneInfo timeZone, DateTimeOffset clockNow)
    {
        // datetime.now() has microsecond resolution.
        clockNow = clockNow.AddTicks(-(clockNow.UtcTicks % 10));
        var reference = now is null ? clockNow : ParseParameter("now", now, timeZone, clockNow);
        var untilTime = until is null ? reference : ParseParameter("until", until, timeZone, reference);
        var fromTime = ParseParameter("from", from ?? "-1d", timeZone, reference);

        var start = fromTime <= untilTime ? fromTime : untilTime;
        var end = fromTime <= untilTime ? untilTime : fromTime;
        if (start == end)
        {
            throw new QueryArgumentException("Invalid empty time range");
        }

        return new RenderTimeRange(start, end, reference);
    }

    private static DateTimeOffset ParseParameter(string name, string value, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        try
        {
            return AtTimeParser.Parse(value, timeZone, now);
        }
        catch (QueryArgumentException error)
        {
            // The wording of graphite-web's find_view, which names the parameter and the value.
            throw new QueryArgumentException($"Invalid value {PythonText.Repr(value)} for param {name}: {error.Message}", error) { Input = value };
        }
    }
}

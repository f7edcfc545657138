using Mine.Compat.Python;

namespace Mine.Query.Time;

/// <summary>
/// A line-by-line port of graphite-web 1.1.8's render/attime.py (<c>parseATTime</c>, <c>parseTimeReference</c>,
/// <c>parseTimeOffset</c>), the parser behind every <c>from</c>, <c>until</c> and <c>now</c> parameter.
/// Quirks kept on purpose because clients depend on graphite-web's answers: "12pm" is midnight and "12am" noon,
/// two-digit and four-digit years before 1970 land in 2000-2069, "m" is not a unit, "-1d2h" subtracts both parts.
/// Errors are <see cref="QueryArgumentException"/>s whose message is the text graphite-web reports.
/// </summary>
public static partial class AtTimeParser
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] WeekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>
    /// parseATTime(s, tzinfo, now): the instant (returned in UTC) that <paramref name="value"/> names, with
    /// wall-clock references (noon, dates, weekdays) read in <paramref name="timeZone"/> and relative ones anchored
    /// at <paramref name="now"/>.
    /// </summary>
    /// <exception cref="QueryArgumentException">The text is not a valid at-time; <c>Input</c> holds it.</exception>
    public static DateTimeOffset Parse(string value, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        try
        {
            return ParseCore(value, timeZone, TruncateToMicroseconds(now));
        }
        catch (QueryArgumentException error) when (error.Input is null)
        {
            throw new QueryArgumentException(error.Message, error) { Input = value };
        }
        catch (PythonArgumentException error)
        {
            // What Python's int() or datetime refused is a bad parameter like any other.
            throw new QueryArgumentException(error.Message, error) { Input = value };
        }
    }

    private static DateTimeOffset ParseCore(string value, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        // s.strip().lower().replace('_','').replace(',','').replace(' ','')
        var text = PythonText.Strip(value).ToString().ToLowerInvariant()
            .Replace("_", "", StringComparison.Ordinal)
            .Replace(",", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal);

        if (PythonText.IsDigits(text))
        {
            var looksLikeDate = text.Length == 8
                && PythonText.ParseInt(text.AsSpan(0, 4), out _) > 1900
                && PythonText.ParseInt(text.AsSpan(4, 2), out _) < 13
                && PythonText.ParseInt(text.AsSpan(6), out _) < 32;
            if (!looksLikeDate)
            {
                var seconds = PythonText.ParseInt(text, out var overflowed);
                var instant = PythonDateTime.FromUnixSeconds(seconds, overflowed);
                EnsureRepresentableIn(instant, timeZone);
                return new DateTimeOffset(instant);
            }

            // YYYYMMDD falls through and is read as a day reference below.
        }

        string reference;
        var offset = "";
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        var minus = text.IndexOf('-', StringComparison.Ordinal);
        var split = plus >= 0 ? plus : minus;
        if (split >= 0)
        {
            reference = text[..split];
            offset = text[split..];
        }
        else
        {
            reference = text;
        }

        var referenceTime = ParseTimeReference(reference, timeZone, now);
        var offsetSpan = ParseTimeOffsetCore(offset);
        var result = PythonDateTime.Add(referenceTime, offsetSpan);
        EnsureRepresentableIn(result, timeZone);
        return new DateTimeOffset(result);
    }

    /// <summary>parseTimeReference: the absolute part before the first '+' or '-', as a UTC instant.</summary>
    private static DateTime ParseTimeReference(string reference, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        if (reference.Length == 0 || reference == "now")
        {
            return now.UtcDateTime;
        }

        var rest = reference.AsSpan();
        long hour = 0;
        long minute = 0;

        // Time of day: HH:MM with an optional am/pm.
        var colon = rest.IndexOf(':');
        if (colon is > 0 and < 3)
        {
            hour = PythonText.ParseInt(rest[..colon], out _);
            minute = PythonText.ParseInt(Slice(rest, colon + 1, colon + 3), out _);
            rest = Slice(rest, colon + 3, rest.Length);
            if (rest.StartsWith("am"))
            {
                rest = rest[2..];
            }
            else if (rest.StartsWith("pm"))
            {
                hour = FloorMod(hour + 12, 24);
                rest = rest[2..];
            }
        }

        // Xam or XXam, then Xpm or XXpm ("12pm" becomes hour 0: graphite-web's arithmetic, not the clock's).
        var am = rest.IndexOf("am");
        if (am is > 0 and < 3)
        {
            hour = PythonText.ParseInt(rest[..am], out _);
            rest = rest[(am + 2)..];
        }

        var pm = rest.IndexOf("pm");
        if (pm is > 0 and < 3)
        {
            hour = FloorMod(PythonText.ParseInt(rest[..pm], out _) + 12, 24);
            rest = rest[(pm + 2)..];
        }

        if (rest.StartsWith("noon"))
        {
            (hour, minute) = (12, 0);
            rest = rest[4..];
        }
        else if (rest.StartsWith("midnight"))
        {
            (hour, minute) = (0, 0);
            rest = rest[8..];
        }
        else if (rest.StartsWith("teatime"))
        {
            (hour, minute) = (16, 0);
            rest = rest[7..];
        }

        var nowWall = TimeZoneInfo.ConvertTimeFromUtc(now.UtcDateTime, timeZone);
        var referenceDate = PythonDateTime.ReplaceTimeOfDay(nowWall, hour, minute);
        referenceDate = ParseDayReference(rest, reference, referenceDate, hour, minute);
        return PytzLocalizer.Localize(referenceDate, timeZone);
    }

    /// <summary>The day part of parseTimeReference, on naive wall-clock times.</summary>
    private static DateTime ParseDayReference(ReadOnlySpan<char> rest, string rawReference, DateTime referenceDate, long hour, long minute)
    {
        if (rest is "yesterday" or "today" or "tomorrow")
        {
            return rest switch
            {
                "yesterday" => PythonDateTime.Add(referenceDate, TimeSpan.FromDays(-1)),
                "tomorrow" => PythonDateTime.Add(referenceDate, TimeSpan.FromDays(1)),
                _ => referenceDate,
            };
        }

        if (rest.Count('/') == 2)
        {
            // MM/DD/YY[YY]: years below 1900 get 1900 added, then anything still before 1970 gets another 100.
            var firstSlash = rest.IndexOf('/');
            var secondSlash = firstSlash + 1 + rest[(firstSlash + 1)..].IndexOf('/');
            var month = PythonText.ParseInt(rest[..firstSlash], out _);
            var day = PythonText.ParseInt(rest[(firstSlash + 1)..secondSlash], out _);
            var year = PythonText.ParseInt(rest[(secondSlash + 1)..], out _);
            if (year < 1900)
            {
                year += 1900;
            }

            if (year < 1970)
            {
                year += 100;
            }

            return PythonDateTime.Create(year, month, day, hour, minute);
        }

        if (rest.Length == 8 && PythonText.IsDigits(rest))
        {
            return PythonDateTime.Create(
                PythonText.ParseInt(rest[..4], out _),
                PythonText.ParseInt(rest[4..6], out _),
                PythonText.ParseInt(rest[6..8], out _),
                hour,
                minute);
        }

        var prefix = Slice(rest, 0, 3);
        var monthIndex = IndexOf(MonthNames, prefix);
        if (monthIndex >= 0)
        {
            // MonthName DayOfMonth: the day is the last one or two digits, whatever sits in between.
            long day;
            if (PythonText.IsDigits(Slice(rest, rest.Length - 2, rest.Length)))
            {
                day = PythonText.ParseInt(Slice(rest, rest.Length - 2, rest.Length), out _);
            }
            else if (PythonText.IsDigits(Slice(rest, rest.Length - 1, rest.Length)))
            {
                day = PythonText.ParseInt(Slice(rest, rest.Length - 1, rest.Length), out _);
            }
            else
            {
                throw new QueryArgumentException("Day of month required after month name");
            }

            return PythonDateTime.Create(referenceDate.Year, monthIndex + 1, day, hour, minute);
        }

        var weekdayIndex = IndexOf(WeekdayNames, prefix);
        if (weekdayIndex >= 0)
        {
            // The most recent such day, today included.
            var dayOffset = (int)referenceDate.DayOfWeek - weekdayIndex;
            if (dayOffset < 0)
            {
                dayOffset += 7;
            }

            return PythonDateTime.Add(referenceDate, TimeSpan.FromDays(-dayOffset));
        }

        if (!rest.IsEmpty)
        {
            throw new QueryArgumentException("Unknown day reference: " + rawReference);
        }

        return referenceDate;
    }

    /// <summary>Python's <c>s[start:end]</c>: clamps instead of throwing.</summary>
    private static ReadOnlySpan<char> Slice(ReadOnlySpan<char> text, int start, int end)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        return text[start..end];
    }

    private static int IndexOf(string[] names, ReadOnlySpan<char> prefix)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (prefix.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static long FloorMod(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset time)
        => time.AddTicks(-(time.UtcTicks % 10));

    /// <summary>pytz's normalize()/astimezone() fail when the local reading of the instant leaves year 1..9999.</summary>
    private static void EnsureRepresentableIn(DateTime utcInstant, TimeZoneInfo timeZone)
    {
        var offset = timeZone.GetUtcOffset(utcInstant);
        var localTicks = utcInstant.Ticks + offset.Ticks;
        if (localTicks < DateTime.MinValue.Ticks || localTicks > DateTime.MaxValue.Ticks)
        {
            throw new QueryArgumentException("date value out of range");
        }
    }
}

namespace Mine.Compat.Python;

/// <summary>
/// CPython's naive <c>datetime</c> constructor, <c>replace</c> and <c>timedelta</c> arithmetic, raising the same
/// messages ("month must be in 1..12", "date value out of range", ...) as <see cref="PythonArgumentException"/> so ported
/// parsers fail the same way.
/// </summary>
public static class PythonDateTime
{
    /// <summary><c>datetime(year, month, day, hour, minute)</c>; arguments are converted to C ints first, in order.</summary>
    public static DateTime Create(long year, long month, long day, long hour, long minute)
    {
        foreach (var argument in (ReadOnlySpan<long>)[year, month, day, hour, minute])
        {
            if (argument > int.MaxValue)
            {
                throw new PythonArgumentException(argument == long.MaxValue
                    ? "Python int too large to convert to C long"
                    : "signed integer is greater than maximum");
            }

            if (argument < int.MinValue)
            {
                throw new PythonArgumentException(argument == long.MinValue
                    ? "Python int too large to convert to C long"
                    : "signed integer is less than minimum");
            }
        }

        if (year is < 1 or > 9999)
        {
            throw new PythonArgumentException($"year {year} is out of range");
        }

        if (month is < 1 or > 12)
        {
            throw new PythonArgumentException("month must be in 1..12");
        }

        if (day < 1 || day > DateTime.DaysInMonth((int)year, (int)month))
        {
            throw new PythonArgumentException("day is out of range for month");
        }

        ValidateTimeOfDay(hour, minute);
        return new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, 0, DateTimeKind.Unspecified);
    }

    /// <summary><c>dt.replace(hour=hour, minute=minute, second=0, microsecond=0)</c>.</summary>
    public static DateTime ReplaceTimeOfDay(DateTime wallTime, long hour, long minute)
    {
        ValidateTimeOfDay(hour, minute);
        return wallTime.Date.AddHours(hour).AddMinutes(minute);
    }

    /// <summary><c>dt + timedelta</c> on a naive or aware datetime.</summary>
    public static DateTime Add(DateTime time, TimeSpan delta)
    {
        var ticks = time.Ticks + delta.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
            || (delta > TimeSpan.Zero && ticks < time.Ticks) || (delta < TimeSpan.Zero && ticks > time.Ticks))
        {
            throw new PythonArgumentException("date value out of range");
        }

        return new DateTime(ticks, time.Kind);
    }

    /// <summary>
    /// <c>datetime.fromtimestamp(seconds, tz)</c> range checks: CPython first converts to a UTC calendar date,
    /// failing with "year N is out of range" past 9999 (or an OS error once the year no longer fits an int).
    /// </summary>
    public static DateTime FromUnixSeconds(long seconds, bool overflowed)
    {
        if (overflowed)
        {
            throw new PythonArgumentException("timestamp out of range for platform time_t");
        }

        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            var year = ProlepticGregorianYear(Math.DivRem(seconds, 86400L).Quotient);
            throw new PythonArgumentException(year > int.MaxValue
                ? "[Errno 75] Value too large for defined data type"
                : $"year {year} is out of range");
        }

        return DateTime.UnixEpoch.AddSeconds(seconds);
    }

    /// <summary>The calendar year of a day count from 1970-01-01 (H. Hinnant's civil_from_days), for any long.</summary>
    private static long ProlepticGregorianYear(long daysSinceEpoch)
    {
        var days = daysSinceEpoch + 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var monthIndex = ((5 * dayOfYear) + 2) / 153;
        return yearOfEra + (era * 400) + (monthIndex >= 10 ? 1 : 0);
    }

    private static void ValidateTimeOfDay(long hour, long minute)
    {
        if (hour is < 0 or > 23)
        {
            throw new PythonArgumentException("hour must be in 0..23");
        }

        if (minute is < 0 or > 59)
        {
            throw new PythonArgumentException("minute must be in 0..59");
        }
    }
}

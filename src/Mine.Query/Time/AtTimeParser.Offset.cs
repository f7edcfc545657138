using Mine.Compat.Python;

namespace Mine.Query.Time;

public static partial class AtTimeParser
{
    /// <summary>
    /// parseTimeOffset: "+1h", "-1d2h", "3weeks" (a leading digit means +). One sign applies to every chained
    /// part. Units are matched by prefix in graphite-web's order: s…, min…, h…, d…, w…, mon… (30 days), y… (365
    /// days); a bare "m" or "mo" is "Invalid offset unit". An empty string is zero.
    /// </summary>
    /// <exception cref="QueryArgumentException">The offset is malformed; <c>Input</c> holds it.</exception>
    public static TimeSpan ParseTimeOffset(string offset)
    {
        try
        {
            return ParseTimeOffsetCore(offset);
        }
        catch (QueryArgumentException error) when (error.Input is null)
        {
            throw new QueryArgumentException(error.Message, error) { Input = offset };
        }
        catch (PythonArgumentException error)
        {
            // What Python's int() or datetime refused is a bad parameter like any other.
            throw new QueryArgumentException(error.Message, error) { Input = offset };
        }
    }

    private static TimeSpan ParseTimeOffsetCore(string offset)
    {
        if (offset.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rest = offset.AsSpan();
        long sign = 1;
        if (!PythonText.IsDigit(rest[0]))
        {
            sign = rest[0] switch
            {
                '+' => 1,
                '-' => -1,

                // graphite-web raises KeyError here, whose str() is the repr of its message.
                _ => throw new QueryArgumentException(PythonText.Repr("Invalid offset: " + offset)),
            };
            rest = rest[1..];
        }

        var total = TimeSpan.Zero;
        while (!rest.IsEmpty)
        {
            var digitCount = 0;
            while (digitCount < rest.Length && PythonText.IsDigit(rest[digitCount]))
            {
                digitCount++;
            }

            var amount = PythonText.ParseInt(rest[..digitCount], out var overflowed);
            rest = rest[digitCount..];

            var letterCount = 0;
            while (letterCount < rest.Length && char.IsLetter(rest[letterCount]))
            {
                letterCount++;
            }

            var unitSeconds = UnitSeconds(rest[..letterCount]);
            rest = rest[letterCount..];
            total = AddScaled(total, sign * amount, unitSeconds, overflowed);
        }

        return total;
    }

    /// <summary>getUnitString, with months and years already converted to 30 and 365 days.</summary>
    private static long UnitSeconds(ReadOnlySpan<char> unit)
    {
        if (unit.StartsWith("s"))
        {
            return 1;
        }

        if (unit.StartsWith("min"))
        {
            return 60;
        }

        if (unit.StartsWith("h"))
        {
            return 3600;
        }

        if (unit.StartsWith("d"))
        {
            return 86400;
        }

        if (unit.StartsWith("w"))
        {
            return 7 * 86400;
        }

        if (unit.StartsWith("mon"))
        {
            return 30 * 86400;
        }

        if (unit.StartsWith("y"))
        {
            return 365 * 86400;
        }

        throw new QueryArgumentException($"Invalid offset unit '{unit}'");
    }

    private static TimeSpan AddScaled(TimeSpan total, long amount, long unitSeconds, bool overflowed)
    {
        // CPython's timedelta refuses counts that do not fit a C int or exceed 999999999 days; any offset that
        // large would overflow the date anyway, so one message covers both.
        try
        {
            if (overflowed)
            {
                throw new OverflowException();
            }

            var ticks = checked(amount * unitSeconds * TimeSpan.TicksPerSecond);
            return new TimeSpan(checked(total.Ticks + ticks));
        }
        catch (OverflowException)
        {
            throw new QueryArgumentException("Python int too large to convert to C int");
        }
    }
}

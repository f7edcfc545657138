using System.Globalization;
using System.Text;

namespace Mine.Compat.Python;

/// <summary>
/// Python's <c>datetime.strftime</c> on Linux (glibc, C locale) for the directives graph labels use: graphite-web
/// formats axis labels with it and users pass their own through <c>xFormat</c>. Unknown directives are copied
/// as they are, as glibc does.
/// </summary>
public static class PythonStrftime
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <param name="format">The strftime format.</param>
    /// <param name="wallClock">The local date and time to show.</param>
    /// <param name="utcOffset">Its offset from UTC, for %z and %Z.</param>
    /// <param name="zoneName">What %Z prints (the zone's abbreviation when known).</param>
    public static string Format(string format, DateTime wallClock, TimeSpan utcOffset, string zoneName)
    {
        var output = new StringBuilder(format.Length + 16);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                output.Append(c);
                continue;
            }

            var directive = format[++i];
            Append(output, directive, wallClock, utcOffset, zoneName);
        }

        return output.ToString();
    }

    private static void Append(StringBuilder output, char directive, DateTime t, TimeSpan offset, string zoneName)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (directive)
        {
            case 'a': output.Append(Days[(int)t.DayOfWeek].AsSpan(0, 3)); break;
            case 'A': output.Append(Days[(int)t.DayOfWeek]); break;
            case 'b' or 'h': output.Append(Months[t.Month - 1].AsSpan(0, 3)); break;
            case 'B': output.Append(Months[t.Month - 1]); break;
            case 'c': output.Append(Format("%a %b %e %H:%M:%S %Y", t, offset, zoneName)); break;
            case 'C': output.Append((t.Year / 100).ToString("00", inv)); break;
            case 'd': output.Append(t.Day.ToString("00", inv)); break;
            case 'D' or 'x': output.Append(Format("%m/%d/%y", t, offset, zoneName)); break;
            case 'e': output.Append(t.Day.ToString(inv).PadLeft(2)); break;
            case 'F': output.Append(Format("%Y-%m-%d", t, offset, zoneName)); break;
            case 'H': output.Append(t.Hour.ToString("00", inv)); break;
            case 'I': output.Append(Hour12(t).ToString("00", inv)); break;
            case 'j': output.Append(t.DayOfYear.ToString("000", inv)); break;
            case 'k': output.Append(t.Hour.ToString(inv).PadLeft(2)); break;
            case 'l': output.Append(Hour12(t).ToString(inv).PadLeft(2)); break;
            case 'm': output.Append(t.Month.ToString("00", inv)); break;
            case 'M': output.Append(t.Minute.ToString("00", inv)); break;
            case 'n': output.Append('\n'); break;
            case 'p': output.Append(t.Hour < 12 ? "AM" : "PM"); break;
            case 'P': output.Append(t.Hour < 12 ? "am" : "pm"); break;
            case 'R': output.Append(Format("%H:%M", t, offset, zoneName)); break;
            case 's': output.Append(new DateTimeOffset(t, offset).ToUnixTimeSeconds().ToString(inv)); break;
            case 'S': output.Append(t.Second.ToString("00", inv)); break;
            case 't': output.Append('\t'); break;
            case 'T' or 'X': output.Append(Format("%H:%M:%S", t, offset, zoneName)); break;
            case 'u': output.Append(t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek); break;
            case 'U': output.Append(((t.DayOfYear + 6 - (int)t.DayOfWeek) / 7).ToString("00", inv)); break;
            case 'w': output.Append((int)t.DayOfWeek); break;
            case 'W': output.Append(((t.DayOfYear + 6 - (((int)t.DayOfWeek + 6) % 7)) / 7).ToString("00", inv)); break;
            case 'y': output.Append((t.Year % 100).ToString("00", inv)); break;
            case 'Y': output.Append(t.Year.ToString(inv)); break;
            case 'z':
                output.Append(offset < TimeSpan.Zero ? '-' : '+');
                output.Append(Math.Abs(offset.Hours).ToString("00", inv)).Append(Math.Abs(offset.Minutes).ToString("00", inv));
                break;
            case 'Z': output.Append(zoneName); break;
            case '%': output.Append('%'); break;
            default: output.Append('%').Append(directive); break;
        }
    }

    private static int Hour12(DateTime t) => t.Hour % 12 == 0 ? 12 : t.Hour % 12;
}

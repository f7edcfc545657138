using System.Globalization;
using System.Text;
using Mine.Compat.Python;

namespace Mine.Graphs.Output;

/// <summary>
/// JSON as Python's <c>json.dumps</c> writes it with default settings (", " and ": " separators, ASCII only,
/// floats by repr, NaN and Infinity bare), for the SVG metadata graphite-web embeds.
/// </summary>
public static class PythonJson
{
    public static void Value(StringBuilder json, object? value)
    {
        switch (value)
        {
            case null:
                json.Append("null");
                break;
            case bool b:
                json.Append(b ? "true" : "false");
                break;
            case string s:
                String(json, s);
                break;
            case double d:
                Number(json, d);
                break;
            case float f:
                Number(json, f);
                break;
            case long or int:
                json.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                Object(json, map);
                break;
            case System.Collections.IEnumerable list:
                json.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        json.Append(", ");
                    }

                    first = false;
                    Value(json, item);
                }

                json.Append(']');
                break;
            default:
                String(json, value.ToString() ?? "");
                break;
        }
    }

    public static void Object(StringBuilder json, IEnumerable<KeyValuePair<string, object?>> members)
    {
        json.Append('{');
        var first = true;
        foreach (var (key, value) in members)
        {
            if (!first)
            {
                json.Append(", ");
            }

            first = false;
            String(json, key);
            json.Append(": ");
            Value(json, value);
        }

        json.Append('}');
    }

    /// <summary>A float as json.dumps writes it: NaN and Infinity bare (None would be null; Mine stores it as NaN).</summary>
    public static void Number(StringBuilder json, double value)
    {
        if (double.IsNaN(value))
        {
            json.Append("NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            json.Append("Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            json.Append("-Infinity");
        }
        else
        {
            // Bytes to chars without a string per number: the metadata of a 20-series graph holds 20,000 values.
            Span<byte> ascii = stackalloc byte[PythonFloat.MaxLength];
            var length = PythonFloat.FormatRepr(value, ascii);
            Span<char> chars = stackalloc char[PythonFloat.MaxLength];
            for (var i = 0; i < length; i++)
            {
                chars[i] = (char)ascii[i];
            }

            json.Append(chars[..length]);
        }
    }

    public static void String(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }
}

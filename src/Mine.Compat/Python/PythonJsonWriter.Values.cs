using System.Buffers;
using System.Collections;
using System.Text;

namespace Mine.Compat.Python;

/// <summary><c>json.dumps</c> of a whole value tree, for documents built in memory (graph metadata, a JSONP string).</summary>
public sealed partial class PythonJsonWriter
{
    /// <summary>
    /// <c>json.dumps(value)</c> with its defaults (", " and ": " separators, ASCII only, floats by repr, NaN and
    /// Infinity bare), as a string.
    /// </summary>
    public static string Dumps(object? value)
    {
        var output = new ArrayBufferWriter<byte>();
        new PythonJsonWriter(output).WriteValue(value);

        // ensure_ascii leaves nothing but ASCII.
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// A value as json.dumps writes the Python object it stands for: null, bool, string, float (double, float),
    /// int (long, int), a dict (a sequence of string-keyed pairs), a list (any other sequence); anything else is
    /// written as its string.
    /// </summary>
    public void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                WriteNull();
                break;
            case bool b:
                WriteBoolean(b);
                break;
            case string s:
                WriteString(s);
                break;
            case double d:
                WriteFloat(d);
                break;
            case float f:
                WriteFloat(f);
                break;
            case long or int:
                WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case IEnumerable<KeyValuePair<string, object?>> members:
                StartObject();
                foreach (var (key, member) in members)
                {
                    WritePropertyName(key);
                    WriteValue(member);
                }

                EndObject();
                break;
            case IEnumerable items:
                StartArray();
                foreach (var item in items)
                {
                    WriteValue(item);
                }

                EndArray();
                break;
            default:
                WriteString(value.ToString() ?? string.Empty);
                break;
        }
    }
}

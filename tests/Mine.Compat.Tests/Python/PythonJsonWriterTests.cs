using System.Buffers;
using System.Text;
using Mine.Compat.Python;

namespace Mine.Compat.Tests.Python;

/// <summary>Expected strings are CPython 3.11 json.dumps output for the same structures.</summary>
public sealed class PythonJsonWriterTests
{
    [Fact]
    public void Compact_output_uses_comma_space_and_colon_space()
        => Assert.Equal("{\"a\": [1, 2.5, null, true], \"b\": {}, \"c\": []}", Write(indent: 0, ensureAscii: true));

    [Fact]
    public void Indented_output_matches_indent_2()
        => Assert.Equal(
            "{\n  \"a\": [\n    1,\n    2.5,\n    null,\n    true\n  ],\n  \"b\": {},\n  \"c\": []\n}",
            Write(indent: 2, ensureAscii: true));

    [Theory]
    [InlineData(true, "\"\\u00e9\\u2603\\ud83d\\ude00\\u007f\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\"")]
    [InlineData(false, "\"\u00e9\u2603\U0001F600\u007f\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\"")]
    public void Strings_are_escaped_like_ensure_ascii(bool ensureAscii, string expected)
    {
        var output = new ArrayBufferWriter<byte>();
        new PythonJsonWriter(output, ensureAscii).WriteString("\u00e9\u2603\U0001F600\u007f\u0001\b\f\n\r\t\"\\/");
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Floats_use_json_spellings_for_non_finite_values()
    {
        var output = new ArrayBufferWriter<byte>();
        var json = new PythonJsonWriter(output);
        json.StartArray();
        json.WriteFloat(double.NaN);
        json.WriteFloat(double.PositiveInfinity);
        json.WriteFloat(double.NegativeInfinity);
        json.WriteFloat(1e16);
        json.EndArray();
        Assert.Equal("[NaN, Infinity, -Infinity, 1e+16]", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static string Write(int indent, bool ensureAscii)
    {
        var output = new ArrayBufferWriter<byte>();
        var json = new PythonJsonWriter(output, ensureAscii, indent);
        json.StartObject();
        json.WritePropertyName("a");
        json.StartArray();
        json.WriteInt64(1);
        json.WriteFloat(2.5);
        json.WriteNull();
        json.WriteBoolean(true);
        json.EndArray();
        json.WritePropertyName("b");
        json.StartObject();
        json.EndObject();
        json.WritePropertyName("c");
        json.StartArray();
        json.EndArray();
        json.EndObject();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}

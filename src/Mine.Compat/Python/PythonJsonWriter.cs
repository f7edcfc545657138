using System.Buffers;

namespace Mine.Compat.Python;

/// <summary>
/// Streams JSON laid out byte-for-byte like CPython's <c>json.dumps</c>: ", " and ": " separators when compact;
/// with <c>indent=2</c> a newline and indentation before every item, "," as item separator and empty
/// containers kept as <c>[]</c>/<c>{}</c>; floats as <c>float.__repr__</c>; strings escaped as with
/// <c>ensure_ascii=True</c> (every character outside ' '..'~' becomes <c>\uXXXX</c>, lower-case hex) or
/// <c>ensure_ascii=False</c> (only control characters, quote and backslash are escaped).
/// </summary>
public sealed partial class PythonJsonWriter
{
    private const int MaxDepth = 64;
    private static readonly byte[] HexDigits = "0123456789abcdef"u8.ToArray();

    private readonly IBufferWriter<byte> _output;
    private readonly bool _ensureAscii;
    private readonly int _indent;
    private readonly bool _rewriteNanAndInfinityInStrings;
    private readonly bool[] _containerIsEmpty = new bool[MaxDepth + 1];
    private int _depth;
    private bool _afterPropertyName;

    /// <param name="output">Destination of the UTF-8 bytes.</param>
    /// <param name="ensureAscii">CPython's <c>ensure_ascii</c>.</param>
    /// <param name="indent">0 for compact output, otherwise CPython's <c>indent</c>.</param>
    /// <param name="rewriteNanAndInfinityInStrings">
    /// graphite-web's renderViewJson post-processes the whole document with
    /// <c>.replace('NaN,', 'null,').replace('Infinity,', '1e9999,')</c>, which also rewrites those character
    /// sequences inside series names and tags; set to reproduce that inside strings.
    /// </param>
    public PythonJsonWriter(IBufferWriter<byte> output, bool ensureAscii = true, int indent = 0, bool rewriteNanAndInfinityInStrings = false)
    {
        _output = output;
        _ensureAscii = ensureAscii;
        _indent = indent;
        _rewriteNanAndInfinityInStrings = rewriteNanAndInfinityInStrings;
    }

    public void StartArray() => Start((byte)'[');

    public void EndArray() => End((byte)']');

    public void StartObject() => Start((byte)'{');

    public void EndObject() => End((byte)'}');

    public void WritePropertyName(string name)
    {
        BeforeValue();
        WriteQuoted(name);
        _output.WriteBytes(": "u8);
        _afterPropertyName = true;
    }

    public void WriteString(string value)
    {
        BeforeValue();
        WriteQuoted(value);
    }

    public void WriteInt64(long value)
    {
        BeforeValue();
        _output.WriteInt64(value);
    }

    /// <summary>A float as json.dumps writes it: repr, or NaN / Infinity / -Infinity.</summary>
    public void WriteFloat(double value)
    {
        BeforeValue();
        if (double.IsNaN(value))
        {
            _output.WriteBytes("NaN"u8);
        }
        else if (double.IsInfinity(value))
        {
            _output.WriteBytes(value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
        else
        {
            _output.WritePythonFloat(value);
        }
    }

    public void WriteNull()
    {
        BeforeValue();
        _output.WriteBytes("null"u8);
    }

    public void WriteBoolean(bool value)
    {
        BeforeValue();
        _output.WriteBytes(value ? "true"u8 : "false"u8);
    }

    /// <summary>A value token written verbatim (e.g. graphite-web's <c>1e9999</c> for infinity).</summary>
    public void WriteRawValue(ReadOnlySpan<byte> token)
    {
        BeforeValue();
        _output.WriteBytes(token);
    }


    private void Start(byte bracket)
    {
        if (_depth == MaxDepth)
        {
            throw new InvalidOperationException("JSON nesting is too deep.");
        }

        BeforeValue();
        _output.WriteByte(bracket);
        _depth++;
        _containerIsEmpty[_depth] = true;
    }

    private void End(byte bracket)
    {
        if (!_containerIsEmpty[_depth] && _indent > 0)
        {
            WriteNewLineAndIndent(_depth - 1);
        }

        _output.WriteByte(bracket);
        _depth--;
    }

    private void BeforeValue()
    {
        if (_afterPropertyName)
        {
            _afterPropertyName = false;
            return;
        }

        if (_depth == 0)
        {
            return;
        }

        if (!_containerIsEmpty[_depth])
        {
            _output.WriteBytes(_indent > 0 ? ","u8 : ", "u8);
        }

        _containerIsEmpty[_depth] = false;
        if (_indent > 0)
        {
            WriteNewLineAndIndent(_depth);
        }
    }

    private void WriteNewLineAndIndent(int depth)
    {
        var width = 1 + (depth * _indent);
        var destination = _output.GetSpan(width)[..width];
        destination.Fill((byte)' ');
        destination[0] = (byte)'\n';
        _output.Advance(width);
    }

    private void WriteQuoted(string value)
    {
        var text = value.AsSpan();
        if (_rewriteNanAndInfinityInStrings && (text.Contains("NaN,", StringComparison.Ordinal) || text.Contains("Infinity,", StringComparison.Ordinal)))
        {
            // Escaping never produces 'N' or 'I', so rewriting the raw text equals rewriting the escaped text.
            text = value.Replace("NaN,", "null,", StringComparison.Ordinal).Replace("Infinity,", "1e9999,", StringComparison.Ordinal);
        }

        _output.WriteByte((byte)'"');
        var runStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var plain = _ensureAscii ? c is >= ' ' and <= '~' and not '"' and not '\\' : c >= ' ' && c != '"' && c != '\\';
            if (plain)
            {
                continue;
            }

            _output.WriteUtf8(text[runStart..i]);
            runStart = i + 1;
            WriteEscape(c);
        }

        _output.WriteUtf8(text[runStart..]);
        _output.WriteByte((byte)'"');
    }

    private void WriteEscape(char c)
    {
        switch (c)
        {
            case '"': _output.WriteBytes("\\\""u8); return;
            case '\\': _output.WriteBytes("\\\\"u8); return;
            case '\n': _output.WriteBytes("\\n"u8); return;
            case '\r': _output.WriteBytes("\\r"u8); return;
            case '\t': _output.WriteBytes("\\t"u8); return;
            case '\b': _output.WriteBytes("\\b"u8); return;
            case '\f': _output.WriteBytes("\\f"u8); return;
        }

        // Astral characters arrive as two UTF-16 units and are escaped one unit at a time, which is exactly
        // CPython's surrogate-pair output.
        var destination = _output.GetSpan(6);
        destination[0] = (byte)'\\';
        destination[1] = (byte)'u';
        destination[2] = HexDigits[(c >> 12) & 0xF];
        destination[3] = HexDigits[(c >> 8) & 0xF];
        destination[4] = HexDigits[(c >> 4) & 0xF];
        destination[5] = HexDigits[c & 0xF];
        _output.Advance(6);
    }
}

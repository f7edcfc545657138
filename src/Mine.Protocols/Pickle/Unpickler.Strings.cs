using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Mine.Protocols.Pickle;

/// <summary>
/// Reading opcode arguments, and decoding the two protocol-0 string forms that cannot point straight into the
/// payload: STRING (a quoted Python 2 repr, written by statsd and Python 2 senders) and UNICODE
/// (raw-unicode-escape, written by Python 3 at protocol 0). Decoded bytes go to a reusable scratch buffer.
/// </summary>
internal sealed partial class Unpickler
{
    private byte[] _scratch = new byte[256];
    private int _scratchUsed;

    private bool TryTake(ReadOnlySpan<byte> data, scoped ref int position, int count, out ReadOnlySpan<byte> bytes)
    {
        if (!TryEnterRead(position, count))
        {
            bytes = default;
            return false;
        }

        if (count > data.Length - position)
        {
            bytes = default;
            return Fail("pickle data was truncated");
        }

        bytes = data.Slice(position, count);
        position += count;
        return true;
    }

    /// <summary>A little-endian length prefix of 1, 4 or 8 bytes.</summary>
    private bool TryTakeLength(ReadOnlySpan<byte> data, scoped ref int position, int width, bool signed, out int length)
    {
        length = 0;
        if (!TryTake(data, ref position, width, out var bytes))
        {
            return false;
        }

        long value = width switch
        {
            1 => bytes[0],
            4 when signed => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes), long.MaxValue),
        };
        if (value < 0)
        {
            return Fail("pickle string or long has a negative byte count");
        }

        if (value > data.Length - position)
        {
            return Fail("pickle data was truncated");
        }

        length = (int)value;
        return true;
    }

    /// <summary>A '\n'-terminated argument of the text opcodes; the line excludes the '\n'.</summary>
    private bool TryReadLine(ReadOnlySpan<byte> data, scoped ref int position, out int start, out ReadOnlySpan<byte> line)
    {
        start = position;
        var length = data[position..].IndexOf((byte)'\n');
        if (length < 0)
        {
            line = default;
            return Fail("pickle data was truncated");
        }

        if (!TryEnterRead(position, length + 1))
        {
            line = default;
            return false;
        }

        line = data.Slice(position, length);
        position += length + 1;
        return true;
    }

    /// <summary>
    /// Protocol 4 frames, as Python's <c>_Unframer</c> reads them: a read must lie inside the current frame, or start
    /// exactly at its end (which leaves the frame). carbon reads through a file object, where CPython enforces this.
    /// A FRAME inside a frame simply starts the new one: CPython's C unpickler allows it (the pure-Python one does not).
    /// </summary>
    private bool TryEnterRead(int position, int count)
    {
        if (_frameEnd == NoFrame)
        {
            return true;
        }

        if (position == _frameEnd)
        {
            _frameEnd = NoFrame;
            return true;
        }

        return position + (long)count <= _frameEnd || Fail("pickle exhausted before end of frame");
    }

    private bool TryStartFrame(ReadOnlySpan<byte> data, scoped ref int position)
    {
        if (!TryTake(data, ref position, 8, out var bytes))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (length > (ulong)(data.Length - position))
        {
            return Fail("pickle exhausted before end of frame");
        }

        _frameEnd = position + (int)length;
        return true;
    }

    private Span<byte> ReserveScratch(int maxLength)
    {
        var needed = (long)_scratchUsed + maxLength;
        if (needed > _scratch.Length)
        {
            Array.Resize(ref _scratch, (int)Math.Min(Array.MaxLength, Math.Max(needed, _scratch.Length * 2L)));
        }

        return _scratch.AsSpan(_scratchUsed, maxLength);
    }

    private bool TryPushScratchText(int length)
    {
        var value = PickleValue.String(PickleKind.Text, _scratchUsed, length, inScratch: true);
        _scratchUsed += length;
        return TryPush(value);
    }

    /// <summary>STRING: <c>'…'</c> or <c>"…"</c> with Python's bytes escapes, then decoded as UTF-8.</summary>
    private bool TryLoadQuotedString(ReadOnlySpan<byte> data, scoped ref int position)
    {
        if (!TryReadLine(data, ref position, out var start, out var line))
        {
            return false;
        }

        if (line.Length < 2 || line[0] != line[^1] || (line[0] != '\'' && line[0] != '"'))
        {
            return Fail("the STRING opcode argument must be quoted");
        }

        var inner = line[1..^1];
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return Utf8.IsValid(inner)
                ? TryPush(PickleValue.String(PickleKind.Text, start + 1, inner.Length, inScratch: false))
                : Fail($"STRING at offset {start} is not valid UTF-8");
        }

        var destination = ReserveScratch(inner.Length); // escapes only ever shrink
        if (!TryDecodeBytesEscapes(inner, destination, out var written, out var error))
        {
            return Fail(error);
        }

        return Utf8.IsValid(destination[..written])
            ? TryPushScratchText(written)
            : Fail($"STRING at offset {start} is not valid UTF-8");
    }

    /// <summary>UNICODE: raw-unicode-escape, i.e. Latin-1 bytes plus <c>\uXXXX</c> and <c>\UXXXXXXXX</c>.</summary>
    private bool TryLoadRawUnicode(ReadOnlySpan<byte> data, scoped ref int position)
    {
        if (!TryReadLine(data, ref position, out var start, out var line))
        {
            return false;
        }

        if (line.IndexOf((byte)'\\') < 0 && Ascii.IsValid(line))
        {
            return TryPush(PickleValue.String(PickleKind.Text, start, line.Length, inScratch: false));
        }

        if (line.Length > (Array.MaxLength - _scratchUsed) / 2)
        {
            return Fail("UNICODE argument too long");
        }

        // A Latin-1 byte becomes at most 2 UTF-8 bytes; escapes become fewer bytes than they occupy.
        var destination = ReserveScratch(line.Length * 2);
        if (!TryDecodeRawUnicodeEscape(line, destination, out var written, out var error))
        {
            return Fail(error);
        }

        return TryPushScratchText(written);
    }

    /// <summary>CPython's <c>codecs.escape_decode</c>: unknown escapes are kept verbatim, as Python does.</summary>
    internal static bool TryDecodeBytesEscapes(ReadOnlySpan<byte> source, Span<byte> destination, out int written, out string error)
    {
        written = 0;
        error = string.Empty;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b != '\\')
            {
                destination[written++] = b;
                continue;
            }

            if (++i == source.Length)
            {
                error = "Trailing \\ in STRING";
                return false;
            }

            var escape = source[i];
            switch (escape)
            {
                case (byte)'\\' or (byte)'\'' or (byte)'"':
                    destination[written++] = escape;
                    break;
                case (byte)'a': destination[written++] = 0x07; break;
                case (byte)'b': destination[written++] = 0x08; break;
                case (byte)'t': destination[written++] = 0x09; break;
                case (byte)'n': destination[written++] = 0x0a; break;
                case (byte)'v': destination[written++] = 0x0b; break;
                case (byte)'f': destination[written++] = 0x0c; break;
                case (byte)'r': destination[written++] = 0x0d; break;
                case >= (byte)'0' and <= (byte)'7':
                    var octal = escape - '0';
                    for (var digits = 1; digits < 3 && i + 1 < source.Length && source[i + 1] is >= (byte)'0' and <= (byte)'7'; digits++)
                    {
                        octal = (octal * 8) + (source[++i] - '0');
                    }

                    destination[written++] = (byte)octal; // Python keeps the low byte of \400..\777
                    break;
                case (byte)'x':
                    if (i + 2 >= source.Length || HexValue(source[i + 1]) < 0 || HexValue(source[i + 2]) < 0)
                    {
                        error = $"invalid \\x escape at position {i - 1} in STRING";
                        return false;
                    }

                    destination[written++] = (byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2]));
                    i += 2;
                    break;
                default:
                    destination[written++] = (byte)'\\';
                    destination[written++] = escape;
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// CPython's raw-unicode-escape decoder: bytes are Latin-1 code points; <c>\u</c>/<c>\U</c> start an escape only
    /// after an odd number of backslashes. Lone surrogates are kept (as Python keeps them in a str) and encoded
    /// WTF-8 style; the path validator rejects them later, so only that item is lost.
    /// </summary>
    internal static bool TryDecodeRawUnicodeEscape(ReadOnlySpan<byte> source, Span<byte> destination, out int written, out string error)
    {
        written = 0;
        error = string.Empty;
        var i = 0;
        while (i < source.Length)
        {
            if (source[i] != '\\')
            {
                written += EncodeCodePoint(source[i], destination[written..]);
                i++;
                continue;
            }

            var runStart = i;
            while (i < source.Length && source[i] == '\\')
            {
                i++;
            }

            var backslashes = i - runStart;
            var escapes = backslashes % 2 == 1 && i < source.Length && (source[i] == 'u' || source[i] == 'U');
            destination.Slice(written, escapes ? backslashes - 1 : backslashes).Fill((byte)'\\');
            written += escapes ? backslashes - 1 : backslashes;
            if (!escapes)
            {
                continue;
            }

            var hexDigits = source[i] == 'u' ? 4 : 8;
            i++;
            var codePoint = 0L;
            for (var d = 0; d < hexDigits; d++)
            {
                var digit = i + d < source.Length ? HexValue(source[i + d]) : -1;
                if (digit < 0)
                {
                    error = hexDigits == 4 ? "truncated \\uXXXX escape in UNICODE" : "truncated \\UXXXXXXXX escape in UNICODE";
                    return false;
                }

                codePoint = (codePoint << 4) | (uint)digit;
            }

            if (codePoint > 0x10FFFF)
            {
                error = "\\Uxxxxxxxx out of range in UNICODE";
                return false;
            }

            written += EncodeCodePoint((int)codePoint, destination[written..]);
            i += hexDigits;
        }

        return true;
    }

    private static int EncodeCodePoint(int codePoint, Span<byte> destination)
    {
        if (codePoint < 0x80)
        {
            destination[0] = (byte)codePoint;
            return 1;
        }

        if (codePoint < 0x800)
        {
            destination[0] = (byte)(0xC0 | (codePoint >> 6));
            destination[1] = (byte)(0x80 | (codePoint & 0x3F));
            return 2;
        }

        if (codePoint < 0x10000)
        {
            destination[0] = (byte)(0xE0 | (codePoint >> 12));
            destination[1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            destination[2] = (byte)(0x80 | (codePoint & 0x3F));
            return 3;
        }

        destination[0] = (byte)(0xF0 | (codePoint >> 18));
        destination[1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
        destination[2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
        destination[3] = (byte)(0x80 | (codePoint & 0x3F));
        return 4;
    }

    private static int HexValue(byte b) => PythonInt.HexDigitValue(b);
}

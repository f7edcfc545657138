using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;

namespace Mine.Compat.Python;

/// <summary>Small helpers that append text and numbers to an <see cref="IBufferWriter{T}"/> as UTF-8.</summary>
public static class Utf8Output
{
    /// <summary>Appends text as UTF-8; a lone surrogate becomes U+FFFD (CPython would fail to encode it).</summary>
    public static void WriteUtf8(this IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var destination = output.GetSpan(Math.Min(text.Length, 4096) * 3);
            Utf8.FromUtf16(text, destination, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            output.Advance(written);
            text = text[read..];
        }
    }

    public static void WriteBytes(this IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        var destination = output.GetSpan(bytes.Length);
        bytes.CopyTo(destination);
        output.Advance(bytes.Length);
    }

    public static void WriteByte(this IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    /// <summary>Appends <c>str(int)</c>.</summary>
    public static void WriteInt64(this IBufferWriter<byte> output, long value)
    {
        var destination = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, destination, out var written);
        output.Advance(written);
    }

    /// <summary>Appends <c>repr(float)</c>.</summary>
    public static void WritePythonFloat(this IBufferWriter<byte> output, double value)
    {
        var destination = output.GetSpan(PythonFloat.MaxLength);
        output.Advance(PythonFloat.FormatRepr(value, destination));
    }
}

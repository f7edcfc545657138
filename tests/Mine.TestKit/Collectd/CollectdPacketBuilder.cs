using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Mine.Protocols.Collectd;

namespace Mine.TestKit.Collectd;

/// <summary>
/// Builds collectd parts byte by byte, independently of the parser: strings, numbers, VALUES, and the signed and
/// encrypted envelopes (encryption done as textbook OFB with one AES-ECB call per block, so the parser's
/// CBC-of-zeros keystream is checked against a different construction).
/// </summary>
public static class CollectdPacketBuilder
{
    public const ushort Host = 0, Time = 1, Plugin = 2, PluginInstance = 3, TypeName = 4, TypeInstance = 5, Values = 6;
    public const ushort Interval = 7, TimeHr = 8, IntervalHr = 9, Message = 0x100, Severity = 0x101;

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Part(ushort type, ReadOnlySpan<byte> body, int? lengthOverride = null)
    {
        var part = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(part, type);
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(2), (ushort)(lengthOverride ?? part.Length));
        body.CopyTo(part.AsSpan(4));
        return part;
    }

    public static byte[] Str(ushort type, string text) => Part(type, Encoding.Latin1.GetBytes(text + "\0"));

    public static byte[] Num(ushort type, ulong value)
    {
        Span<byte> body = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(body, value);
        return Part(type, body);
    }

    public static byte[] Gauges(params double[] values) =>
        ValuesPart(values.Select(v => (DataSourceType.Gauge, BitConverter.DoubleToUInt64Bits(v))).ToArray());

    public static byte[] ValuesPart(params (DataSourceType Type, ulong Bits)[] values)
    {
        var body = new byte[2 + (9 * values.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            body[2 + i] = (byte)values[i].Type;
            var slot = body.AsSpan(2 + values.Length + (8 * i), 8);
            if (values[i].Type == DataSourceType.Gauge)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(slot, values[i].Bits);
            }
            else
            {
                BinaryPrimitives.WriteUInt64BigEndian(slot, values[i].Bits);
            }
        }

        return Part(Values, body);
    }

    /// <summary>HOST, TIME_HR, INTERVAL_HR, PLUGIN, TYPE, VALUES (one gauge): the smallest complete value list.</summary>
    public static byte[] SimpleList(string host = "h", string plugin = "load", string type = "gauge", double value = 1.5, ulong timeHr = 1UL << 40) =>
        Concat(Str(Host, host), Num(TimeHr, timeHr), Num(IntervalHr, 10UL << 30), Str(Plugin, plugin), Str(TypeName, type), Gauges(value));

    public static byte[] Sign(string user, string password, byte[] payload)
    {
        var username = Encoding.Latin1.GetBytes(user);
        var signed = new byte[36 + username.Length + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(signed, 0x0200);
        BinaryPrimitives.WriteUInt16BigEndian(signed.AsSpan(2), (ushort)(36 + username.Length));
        username.CopyTo(signed.AsSpan(36));
        payload.CopyTo(signed.AsSpan(36 + username.Length));
        HMACSHA256.HashData(Encoding.Latin1.GetBytes(password), signed.AsSpan(36), signed.AsSpan(4, 32));
        return signed;
    }

    public static byte[] Encrypt(string user, string password, byte[] payload, byte[]? iv = null)
    {
        iv ??= RandomNumberGenerator.GetBytes(16);
        var username = Encoding.Latin1.GetBytes(user);
        var header = 6 + username.Length + 16;
        var part = new byte[header + 20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(part, 0x0210);
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(2), (ushort)part.Length);
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(4), (ushort)username.Length);
        username.CopyTo(part.AsSpan(6));
        iv.CopyTo(part.AsSpan(6 + username.Length));
#pragma warning disable CA5350 // collectd's wire format carries SHA-1
        var plaintext = Concat(SHA1.HashData(payload), payload);
#pragma warning restore CA5350
        OfbXor(SHA256.HashData(Encoding.Latin1.GetBytes(password)), iv, plaintext, part.AsSpan(header));
        return part;
    }

    /// <summary>OFB by the book: O0 = IV, Oi = AES_K(Oi-1), C = P xor O.</summary>
    public static void OfbXor(byte[] key, byte[] iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var block = (byte[])iv.Clone();
        for (var i = 0; i < input.Length; i++)
        {
            if (i % 16 == 0)
            {
                block = aes.EncryptEcb(block, PaddingMode.None);
            }

            output[i] = (byte)(input[i] ^ block[i % 16]);
        }
    }
}

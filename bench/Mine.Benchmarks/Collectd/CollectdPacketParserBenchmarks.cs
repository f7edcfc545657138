using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mine.Protocols.Collectd;

namespace Mine.Benchmarks.Collectd;

/// <summary>
/// collectd datagram parsing with a no-op receiver. Each invocation parses <see cref="PacketsPerInvoke"/>
/// datagrams of <see cref="ValuesPerPacket"/> values and OperationsPerInvoke counts values, so 1 s / Mean =
/// values/s on one core. The encrypted datagram fills collectd's default MaxPacketSize of 1,452 bytes (within one value list) (collectd's default MaxPacketSize); the
/// plain and signed ones carry the same payload, as collectd sends to servers at different levels.
/// </summary>
[MemoryDiagnoser]
public class CollectdPacketParserBenchmarks : IDisposable
{
    public const int ValuesPerPacket = 46;
    private const int PacketsPerInvoke = 64;
    private const int EncryptedSize = 1452;
    private const string User = "alice";
    private const string Password = "s3cret";

    private byte[] _plain = [];
    private byte[] _signed = [];
    private byte[] _encrypted = [];
    private string _authFile = "";
    private CollectdPacketParser _noneParser = null!;
    private CollectdPacketParser _signParser = null!;
    private CollectdPacketParser _encryptParser = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = BuildPayload(EncryptedSize - 42 - User.Length, out var values);
        if (values != ValuesPerPacket)
        {
            throw new InvalidOperationException($"payload holds {values} values, update ValuesPerPacket");
        }

        _signed = Sign(_plain);
        _encrypted = Encrypt(_plain);
        if (_encrypted.Length is > EncryptedSize or < EncryptedSize - 40)
        {
            throw new InvalidOperationException($"encrypted datagram is {_encrypted.Length} bytes");
        }

        _authFile = Path.GetTempFileName();
        File.WriteAllText(_authFile, $"{User}: {Password}\n");
        _noneParser = new CollectdPacketParser(new CollectdSecurityOptions());
        _signParser = new CollectdPacketParser(new CollectdSecurityOptions { Level = CollectdSecurityLevel.Sign, AuthFilePath = _authFile });
        _encryptParser = new CollectdPacketParser(new CollectdSecurityOptions { Level = CollectdSecurityLevel.Encrypt, AuthFilePath = _authFile });
        foreach (var (parser, datagram) in new[] { (_noneParser, _plain), (_signParser, _signed), (_encryptParser, _encrypted) })
        {
            var counting = new CountingReceiver();
            parser.Parse(datagram, counting);
            if (counting.Values != ValuesPerPacket)
            {
                throw new InvalidOperationException($"parsed {counting.Values} values at {parser.Level}");
            }
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _noneParser.Dispose();
        _signParser.Dispose();
        _encryptParser.Dispose();
        File.Delete(_authFile);
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerInvoke * ValuesPerPacket)]
    public CollectdRejectReason Plain() => Run(_noneParser, _plain);

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke * ValuesPerPacket)]
    public CollectdRejectReason Signed() => Run(_signParser, _signed);

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke * ValuesPerPacket)]
    public CollectdRejectReason Encrypted() => Run(_encryptParser, _encrypted);

    private static CollectdRejectReason Run(CollectdPacketParser parser, byte[] datagram)
    {
        var outcome = CollectdRejectReason.None;
        for (var i = 0; i < PacketsPerInvoke; i++)
        {
            outcome |= parser.Parse(datagram, default(NoOpReceiver));
        }

        return outcome;
    }

    /// <summary>Value lists the way collectd's sender writes them: only changed fields, cpu/interface/df/memory mix.</summary>
    private static byte[] BuildPayload(int budget, out int values)
    {
        var payload = new List<byte>();
        Add(payload, Str(0x0000, "web-0042.dc1.example.com"));
        Add(payload, Num(0x0008, 1_795_668_581UL << 30));
        Add(payload, Num(0x0009, 10UL << 30));
        string[] cpuStates = ["user", "system", "wait", "nice", "interrupt", "softirq", "steal", "idle"];
        values = 0;
        for (var group = 0; ; group++)
        {
            // One list at a time, as collectd's sender fills a buffer: only the fields that changed, then VALUES.
            var lists = new List<(byte[][] Parts, int Values)>();
            if (group % 2 == 0)
            {
                var instance = (group / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (var i = 0; i < cpuStates.Length; i++)
                {
                    var values8 = Values((byte)DataSourceType.Derive, 123_456_789UL + (ulong)i);
                    lists.Add(i == 0
                        ? ([Str(0x0002, "cpu"), Str(0x0003, instance), Str(0x0004, "cpu"), Str(0x0005, cpuStates[i]), values8], 1)
                        : ([Str(0x0005, cpuStates[i]), values8], 1));
                }
            }
            else
            {
                lists.Add(([Str(0x0002, "interface"), Str(0x0003, $"eth{group}"), Str(0x0004, "if_octets"), Str(0x0005, ""),
                    Values((byte)DataSourceType.Derive, 987_654_321UL, 123_456_789UL)], 2));
            }

            foreach (var (parts, count) in lists)
            {
                if (payload.Count + parts.Sum(p => p.Length) > budget)
                {
                    return [.. payload];
                }

                foreach (var part in parts)
                {
                    Add(payload, part);
                }

                values += count;
            }
        }
    }

    private static void Add(List<byte> payload, byte[] part) => payload.AddRange(part);

    private static byte[] Header(ushort type, int length)
    {
        var part = new byte[length];
        BinaryPrimitives.WriteUInt16BigEndian(part, type);
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(2), (ushort)length);
        return part;
    }

    private static byte[] Str(ushort type, string text)
    {
        var part = Header(type, 4 + text.Length + 1);
        Encoding.ASCII.GetBytes(text, part.AsSpan(4));
        return part;
    }

    private static byte[] Num(ushort type, ulong value)
    {
        var part = Header(type, 12);
        BinaryPrimitives.WriteUInt64BigEndian(part.AsSpan(4), value);
        return part;
    }

    private static byte[] Values(byte type, params ulong[] values)
    {
        var part = Header(0x0006, 6 + (9 * values.Length));
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(4), (ushort)values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            part[6 + i] = type;
            BinaryPrimitives.WriteUInt64BigEndian(part.AsSpan(6 + values.Length + (8 * i)), values[i]);
        }

        return part;
    }

    private static byte[] Sign(byte[] payload)
    {
        byte[] signed = [.. Header(0x0200, 36), .. Encoding.ASCII.GetBytes(User), .. payload];
        BinaryPrimitives.WriteUInt16BigEndian(signed.AsSpan(2), (ushort)(36 + User.Length));
        HMACSHA256.HashData(Encoding.ASCII.GetBytes(Password), signed.AsSpan(36), signed.AsSpan(4, 32));
        return signed;
    }

    private static byte[] Encrypt(byte[] payload)
    {
        var header = 6 + User.Length + 16;
        var part = Header(0x0210, header + 20 + payload.Length);
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(4), (ushort)User.Length);
        Encoding.ASCII.GetBytes(User, part.AsSpan(6));
        var iv = RandomNumberGenerator.GetBytes(16);
        iv.CopyTo(part.AsSpan(6 + User.Length));
#pragma warning disable CA5350 // the wire format's checksum
        byte[] plaintext = [.. SHA1.HashData(payload), .. payload];
#pragma warning restore CA5350
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.ASCII.GetBytes(Password));
        var block = iv;
        for (var i = 0; i < plaintext.Length; i++)
        {
            if (i % 16 == 0)
            {
                block = aes.EncryptEcb(block, PaddingMode.None); // textbook OFB
            }

            part[header + i] = (byte)(plaintext[i] ^ block[i % 16]);
        }

        return part;
    }

    private readonly struct NoOpReceiver : ICollectdReceiver
    {
        public void OnValueList(in CollectdValueList values)
        {
        }

        public void OnNotification(in CollectdNotification notification)
        {
        }
    }

    private sealed class CountingReceiver : ICollectdReceiver
    {
        public int Values { get; private set; }

        public void OnValueList(in CollectdValueList values) => Values += values.Count;

        public void OnNotification(in CollectdNotification notification)
        {
        }
    }
}

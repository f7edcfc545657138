using Mine.TestKit.Collectd;
using FsCheck.Xunit;
using Mine.Protocols.Collectd;
using Mine.Protocols.Tests.TestSupport;
using static Mine.TestKit.Collectd.CollectdPacketBuilder;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>
/// Random, mutated and truncated datagrams (plain, signed, encrypted, and real captures) never throw out of the
/// parser and never read out of bounds (spans would throw), and what comes out is always well-formed.
/// </summary>
public sealed class CollectdFuzzTests : IDisposable
{
    private readonly CollectdTestParsers _parsers = new();
    private readonly CollectdPacketParser[] _levels;

    public CollectdFuzzTests()
    {
        _levels =
        [
            _parsers.Create(CollectdSecurityLevel.None, withAuthFile: false),
            _parsers.Create(CollectdSecurityLevel.None, withAuthFile: true),
            _parsers.Create(CollectdSecurityLevel.Sign, withAuthFile: true),
            _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true),
        ];
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_bytes_never_throw(byte[] datagram) => ParseEverywhere(datagram ?? []);

    [Fact]
    public void Random_part_soup_never_throws()
    {
        var random = new Random(1234);
        ushort[] types = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x100, 0x101, 0x200, 0x210, 0x4242];
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var parts = new List<byte[]>();
            for (var p = random.Next(1, 12); p > 0; p--)
            {
                var body = new byte[random.Next(0, 40)];
                random.NextBytes(body);
                var length = random.Next(4) == 0 ? random.Next(0, 80) : (int?)null;
                parts.Add(Part(types[random.Next(types.Length)], body, length));
            }

            ParseEverywhere(Concat([.. parts]));
        }
    }

    [Fact]
    public void Mutated_valid_datagrams_never_throw()
    {
        var random = new Random(99);
        var payload = Concat(SimpleList(), Str(PluginInstance, "0"), ValuesPart((DataSourceType.Derive, 5), (DataSourceType.Counter, 6)),
            Num(Severity, 2), Str(Message, "hello"));
        byte[][] seeds =
        [
            payload,
            Sign("alice", "s3cret", payload),
            Encrypt("alice", "s3cret", payload),
            Encrypt("alice", "s3cret", Sign("alice", "s3cret", payload)),
            Concat(Encrypt("alice", "s3cret", payload), payload),
            Bytes.FromHex(CollectdCapturedPackets.PlainValues),
            Bytes.FromHex(CollectdCapturedPackets.SignedValues),
            Bytes.FromHex(CollectdCapturedPackets.EncryptedValues),
        ];
        for (var iteration = 0; iteration < 4000; iteration++)
        {
            var seed = seeds[iteration % seeds.Length];
            ParseEverywhere(Mutator.Mutate(seed, random));
            ParseEverywhere(seed[..random.Next(seed.Length + 1)]); // truncated
        }
    }

    [Fact]
    public void Mutated_encrypted_packets_are_never_accepted()
    {
        // A flipped bit in an encrypted part is caught by the SHA-1 (or lands in ulen/username/length).
        var random = new Random(5);
        var datagram = Encrypt("alice", "s3cret", SimpleList());
        using var parser = _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true);
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var mutated = (byte[])datagram.Clone();
            var position = random.Next(4, mutated.Length); // not the part type: that would make it a plain part
            mutated[position] ^= (byte)(1 << random.Next(8));
            var receiver = new RecordingCollectdReceiver();
            parser.Parse(mutated, receiver);
            Assert.Empty(receiver.Lists);
        }
    }

    public void Dispose()
    {
        foreach (var parser in _levels)
        {
            parser.Dispose();
        }

        _parsers.Dispose();
    }

    private void ParseEverywhere(byte[] datagram)
    {
        foreach (var parser in _levels)
        {
            var receiver = new RecordingCollectdReceiver();
            parser.Parse(datagram, receiver); // RecordingCollectdReceiver asserts RawValues == 8 × Count
            Assert.All(receiver.Lists, l => Assert.True(l.Host.Length is > 0 and < 128 && l.TimeHr != 0));
            Assert.All(receiver.Notifications, n => Assert.True(n.Severity is 1 or 2 or 4 && n.Message.Length is > 0 and < 256));
        }
    }
}

using Mine.TestKit.Collectd;
using System.Security.Cryptography;
using Mine.Protocols.Collectd;
using static Mine.TestKit.Collectd.CollectdPacketBuilder;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>The listener's security rules (wire-protocols.md §2), the §2.4 table case by case, and tampering.</summary>
public sealed class CollectdSecurityTests : IDisposable
{
    private static readonly byte[] s_payload = SimpleList(host: "secure");
    private readonly CollectdTestParsers _parsers = new();

    public enum Listener { NoneWithoutAuthFile, NoneWithAuthFile, Sign, Encrypt }

    public enum Packet { Plain, SignedValid, SignedBadMac, EncryptedValid }

    public enum Result { Accepted, AcceptedUnverified, Dropped }

    /// <summary>wire-protocols.md §2.4, every cell (all observed against collectd 5.12).</summary>
    public static TheoryData<Listener, Packet, Result, CollectdRejectReason> AcceptanceTable => new()
    {
        { Listener.NoneWithoutAuthFile, Packet.Plain, Result.Accepted, CollectdRejectReason.None },
        { Listener.NoneWithoutAuthFile, Packet.SignedValid, Result.AcceptedUnverified, CollectdRejectReason.None },
        { Listener.NoneWithoutAuthFile, Packet.SignedBadMac, Result.AcceptedUnverified, CollectdRejectReason.None },
        { Listener.NoneWithoutAuthFile, Packet.EncryptedValid, Result.Dropped, CollectdRejectReason.NoAuthFile },
        { Listener.NoneWithAuthFile, Packet.Plain, Result.Accepted, CollectdRejectReason.None },
        { Listener.NoneWithAuthFile, Packet.SignedValid, Result.Accepted, CollectdRejectReason.None },
        { Listener.NoneWithAuthFile, Packet.SignedBadMac, Result.Dropped, CollectdRejectReason.BadSignature },
        { Listener.NoneWithAuthFile, Packet.EncryptedValid, Result.Accepted, CollectdRejectReason.None },
        { Listener.Sign, Packet.Plain, Result.Dropped, CollectdRejectReason.UnsignedAtSignLevel },
        { Listener.Sign, Packet.SignedValid, Result.Accepted, CollectdRejectReason.None },
        { Listener.Sign, Packet.SignedBadMac, Result.Dropped, CollectdRejectReason.BadSignature },
        { Listener.Sign, Packet.EncryptedValid, Result.Accepted, CollectdRejectReason.None },
        { Listener.Encrypt, Packet.Plain, Result.Dropped, CollectdRejectReason.NotEncryptedAtEncryptLevel },
        { Listener.Encrypt, Packet.SignedValid, Result.Dropped, CollectdRejectReason.NotEncryptedAtEncryptLevel },
        { Listener.Encrypt, Packet.SignedBadMac, Result.Dropped, CollectdRejectReason.NotEncryptedAtEncryptLevel },
        { Listener.Encrypt, Packet.EncryptedValid, Result.Accepted, CollectdRejectReason.None },
    };

    [Theory]
    [MemberData(nameof(AcceptanceTable))]
    public void Acceptance_table_case(Listener listener, Packet packet, Result expected, CollectdRejectReason reason)
    {
        using var parser = listener switch
        {
            Listener.NoneWithoutAuthFile => _parsers.Create(CollectdSecurityLevel.None, withAuthFile: false),
            Listener.NoneWithAuthFile => _parsers.Create(CollectdSecurityLevel.None, withAuthFile: true),
            Listener.Sign => _parsers.Create(CollectdSecurityLevel.Sign, withAuthFile: true),
            _ => _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true),
        };
        var datagram = packet switch
        {
            Packet.Plain => s_payload,
            Packet.SignedValid => Sign("alice", "s3cret", s_payload),
            Packet.SignedBadMac => Sign("alice", "wrong", s_payload),
            _ => Encrypt("alice", "s3cret", s_payload),
        };

        var (receiver, outcome) = CollectdTestParsers.Run(parser, datagram);

        Assert.Equal(reason, outcome);
        switch (expected)
        {
            case Result.Dropped:
                Assert.Empty(receiver.Lists);
                break;
            case Result.AcceptedUnverified:
                var unverified = Assert.Single(receiver.Lists);
                Assert.Equal((CollectdSecurity.None, ""), (unverified.Security, unverified.Username));
                Assert.Equal(1, parser.Counters.UnverifiedSignatures);
                break;
            default:
                var list = Assert.Single(receiver.Lists);
                Assert.Equal("secure", list.Host);
                var security = packet switch
                {
                    Packet.Plain => CollectdSecurity.None,
                    Packet.EncryptedValid => CollectdSecurity.Encrypted,
                    _ => CollectdSecurity.Signed,
                };
                Assert.Equal(security, list.Security);
                Assert.Equal(security == CollectdSecurity.None ? "" : "alice", list.Username);
                break;
        }
    }

    [Fact]
    public void Password_hash_is_the_aes_key_of_the_documented_vector()
    {
        var key = Convert.ToHexString(SHA256.HashData("s3cret"u8)).ToLowerInvariant();
        Assert.StartsWith("1ec1c26b50d5d3c5", key, StringComparison.Ordinal);
        Assert.EndsWith("f99fcba0", key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CollectdSecurityLevel.Sign)]
    [InlineData(CollectdSecurityLevel.Encrypt)]
    public void Sign_or_encrypt_without_auth_file_is_a_configuration_error(CollectdSecurityLevel level)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CollectdPacketParser(new CollectdSecurityOptions { Level = level }));
        Assert.Contains("requires an AuthFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_auth_file_is_a_configuration_error()
    {
        var options = new CollectdSecurityOptions { Level = CollectdSecurityLevel.Sign, AuthFilePath = _parsers.AuthFilePath + ".missing" };
        Assert.Throws<InvalidOperationException>(() => new CollectdPacketParser(options));
    }

    [Theory]
    [InlineData("MAC", 4)]
    [InlineData("MAC last byte", 35)]
    [InlineData("username", 36)]
    [InlineData("payload", 50)]
    [InlineData("payload last byte", -1)]
    public void Flipped_bit_in_a_signed_packet_drops_it_at_every_level_with_auth_file(string where, int offset)
    {
        foreach (var level in new[] { CollectdSecurityLevel.None, CollectdSecurityLevel.Sign })
        {
            var datagram = Sign("alice", "s3cret", s_payload);
            datagram[offset < 0 ? datagram.Length + offset : offset] ^= 0x01;
            using var parser = _parsers.Create(level, withAuthFile: true);

            var (receiver, outcome) = CollectdTestParsers.Run(parser, datagram);

            Assert.Empty(receiver.Lists);
            Assert.True(outcome is CollectdRejectReason.BadSignature or CollectdRejectReason.UnknownUser, $"{where} at {level}: {outcome}");
        }
    }

    [Theory]
    [InlineData("username", 6)]
    [InlineData("IV", 11)]
    [InlineData("IV last byte", 26)]
    [InlineData("encrypted SHA-1", 27)]
    [InlineData("ciphertext", 60)]
    [InlineData("ciphertext last byte", -1)]
    public void Flipped_bit_in_an_encrypted_packet_drops_it(string where, int offset)
    {
        var datagram = Encrypt("alice", "s3cret", s_payload);
        datagram[offset < 0 ? datagram.Length + offset : offset] ^= 0x04;
        using var parser = _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true);

        var (receiver, outcome) = CollectdTestParsers.Run(parser, datagram);

        Assert.Empty(receiver.Lists);
        Assert.True(outcome is CollectdRejectReason.ChecksumMismatch or CollectdRejectReason.UnknownUser, $"{where}: {outcome}");
    }

    [Fact]
    public void Unknown_user_is_counted_for_signed_and_encrypted()
    {
        using var parser = _parsers.Create(CollectdSecurityLevel.None, withAuthFile: true);
        Assert.Equal(CollectdRejectReason.UnknownUser, CollectdTestParsers.Run(parser, Sign("bob", "s3cret", s_payload)).Outcome);
        Assert.Equal(CollectdRejectReason.UnknownUser, CollectdTestParsers.Run(parser, Encrypt("bob", "s3cret", s_payload)).Outcome);
        Assert.Equal(2, parser.Counters.RejectedFor(CollectdRejectReason.UnknownUser));
    }

    [Fact]
    public void Wrong_password_encryption_is_a_checksum_mismatch()
    {
        using var parser = _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true);
        var (receiver, outcome) = CollectdTestParsers.Run(parser, Encrypt("alice", "wr0ng", s_payload));
        Assert.Empty(receiver.Lists);
        Assert.Equal(CollectdRejectReason.ChecksumMismatch, outcome);
    }

    [Fact]
    public void Parsing_continues_after_an_encrypted_part_with_fresh_state()
    {
        // Two encrypted parts then a plain list, at level None + AuthFile: every part is parsed; the second
        // encrypted payload has no HOST of its own, so fresh state drops its list (state is not inherited).
        var headless = Concat(Num(TimeHr, 1), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1));
        var datagram = Concat(Encrypt("alice", "s3cret", s_payload), Encrypt("alice", "s3cret", headless), SimpleList(host: "plain"));
        using var parser = _parsers.Create(CollectdSecurityLevel.None, withAuthFile: true);

        var (receiver, outcome) = CollectdTestParsers.Run(parser, datagram);

        Assert.Equal(CollectdRejectReason.None, outcome);
        Assert.Equal(["secure", "plain"], receiver.Lists.Select(l => l.Host));
        Assert.Equal([CollectdSecurity.Encrypted, CollectdSecurity.None], receiver.Lists.Select(l => l.Security));
        Assert.Equal(1, parser.Counters.IncompleteValueLists);
    }

    [Fact]
    public void Encrypt_level_ignores_plain_parts_around_an_encrypted_one()
    {
        var datagram = Concat(SimpleList(host: "plain1"), Encrypt("alice", "s3cret", s_payload), SimpleList(host: "plain2"));
        using var parser = _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true);

        var (receiver, outcome) = CollectdTestParsers.Run(parser, datagram);

        Assert.Equal("secure", Assert.Single(receiver.Lists).Host);
        Assert.Equal(CollectdRejectReason.NotEncryptedAtEncryptLevel, outcome);
        Assert.Equal(1, parser.Counters.RejectedFor(CollectdRejectReason.NotEncryptedAtEncryptLevel));
    }

    [Fact]
    public void Signed_inside_encrypted_is_reported_as_encrypted()
    {
        var datagram = Encrypt("alice", "s3cret", Sign("alice", "s3cret", s_payload));
        using var parser = _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true);
        var list = Assert.Single(CollectdTestParsers.Run(parser, datagram).Receiver.Lists);
        Assert.Equal(CollectdSecurity.Encrypted, list.Security);
    }

    [Fact]
    public void Nesting_beyond_the_limit_stops()
    {
        var datagram = s_payload;
        for (var i = 0; i < 12; i++)
        {
            datagram = Encrypt("alice", "s3cret", datagram);
        }

        using var parser = _parsers.Create(CollectdSecurityLevel.None, withAuthFile: true);
        var (receiver, outcome) = CollectdTestParsers.Run(parser, datagram);
        Assert.Empty(receiver.Lists);
        Assert.Equal(CollectdRejectReason.NestingTooDeep, outcome);
    }

    public static TheoryData<string, byte[], CollectdRejectReason> MalformedEnvelopes => new()
    {
        { "signature without username", Part(0x0200, new byte[32]), CollectdRejectReason.MalformedSignature },
        { "signature shorter than its header", Part(0x0200, new byte[20]), CollectdRejectReason.MalformedSignature },
        { "encryption with ulen 0", EncryptedWithUsernameLength(0), CollectdRejectReason.MalformedEncryption },
        { "encryption with ulen past the part", EncryptedWithUsernameLength(400), CollectdRejectReason.MalformedEncryption },
        { "encryption with no payload", Encrypt("alice", "s3cret", []), CollectdRejectReason.MalformedEncryption },
        { "encryption part of 42 bytes", Part(0x0210, new byte[38]), CollectdRejectReason.MalformedEncryption },
    };

    [Theory]
    [MemberData(nameof(MalformedEnvelopes))]
    public void Malformed_envelopes_end_the_datagram(string name, byte[] envelope, CollectdRejectReason reason)
    {
        using var parser = _parsers.Create(CollectdSecurityLevel.None, withAuthFile: true);
        var (receiver, outcome) = CollectdTestParsers.Run(parser, Concat(SimpleList(host: "before"), envelope, SimpleList(host: "after")));
        Assert.Equal("before", receiver.Lists[0].Host);
        Assert.True(reason == outcome, $"{name}: {outcome}");
        Assert.Equal(reason == CollectdRejectReason.None ? 2 : 1, receiver.Lists.Count);
    }

    [Fact]
    public void Username_is_looked_up_as_a_CString()
    {
        // collectd copies the username into a C string: "alice\0x" is looked up (and reported) as "alice".
        using var parser = _parsers.Create(CollectdSecurityLevel.Sign, withAuthFile: true);
        var list = Assert.Single(CollectdTestParsers.Run(parser, Sign("alice\0x", "s3cret", s_payload)).Receiver.Lists);
        Assert.Equal("alice", list.Username);
    }

    [Fact]
    public void Key_for_one_user_does_not_decrypt_anothers_packet()
    {
        using var parsers = new CollectdTestParsers("alice: s3cret\nbob: hunter2\n");
        using var parser = parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true);
        var lists = CollectdTestParsers.Run(parser, Concat(Encrypt("alice", "s3cret", s_payload), Encrypt("bob", "hunter2", SimpleList(host: "b")))).Receiver.Lists;
        Assert.Equal(["alice", "bob"], lists.Select(l => l.Username));
        Assert.Equal(CollectdRejectReason.ChecksumMismatch, CollectdTestParsers.Run(parser, Encrypt("bob", "s3cret", s_payload)).Outcome);
    }

    public void Dispose() => _parsers.Dispose();

    private static byte[] EncryptedWithUsernameLength(ushort usernameLength)
    {
        var part = Encrypt("alice", "s3cret", s_payload);
        part[4] = (byte)(usernameLength >> 8);
        part[5] = (byte)usernameLength;
        return part;
    }
}

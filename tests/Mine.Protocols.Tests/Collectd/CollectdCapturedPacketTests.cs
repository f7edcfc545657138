using Mine.Protocols.Collectd;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Collectd.CollectdCapturedPackets;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>Datagrams from a real collectd 5.12 daemon (see <see cref="CollectdCapturedPackets"/>) at all three levels.</summary>
public sealed class CollectdCapturedPacketTests : IDisposable
{
    private readonly CollectdTestParsers _parsers = new();

    public static TheoryData<CollectdSecurityLevel, string, CollectdSecurity> ProtectedCaptures => new()
    {
        { CollectdSecurityLevel.None, SignedValues, CollectdSecurity.Signed },
        { CollectdSecurityLevel.Sign, SignedValues, CollectdSecurity.Signed },
        { CollectdSecurityLevel.None, EncryptedValues, CollectdSecurity.Encrypted },
        { CollectdSecurityLevel.Sign, EncryptedValues, CollectdSecurity.Encrypted },
        { CollectdSecurityLevel.Encrypt, EncryptedValues, CollectdSecurity.Encrypted },
    };

    [Fact]
    public void Plain_capture_yields_every_value_list()
    {
        using var parser = _parsers.Create(CollectdSecurityLevel.None, withAuthFile: false);
        var (receiver, outcome) = CollectdTestParsers.Run(parser, Bytes.FromHex(PlainValues));

        Assert.Equal(CollectdRejectReason.None, outcome);
        Assert.Equal(ValuesPacketValueLists, receiver.Lists.Count);
        Assert.All(receiver.Lists, l => Assert.Equal("testhost.example.com", l.Host));
        Assert.All(receiver.Lists, l => Assert.Equal(1UL << 30, l.IntervalHr)); // Interval 1
        Assert.Contains(receiver.Lists, l => l.Identifier == "testhost.example.com/interface-lo/if_packets-" && l.Types.SequenceEqual([DataSourceType.Derive, DataSourceType.Derive]));
        Assert.Contains(receiver.Lists, l => l.Plugin == "memory" && l.Types.SequenceEqual([DataSourceType.Gauge]) && l.Values[0] > 0);
        Assert.True(receiver.Lists.Select(l => l.TimeHr).Distinct().Count() >= 2, "the sender emits TIME_HR only when it changes");
    }

    [Theory]
    [MemberData(nameof(ProtectedCaptures))]
    public void Protected_captures_yield_the_same_lists_as_the_plain_one(CollectdSecurityLevel level, string capture, CollectdSecurity security)
    {
        using var plainParser = _parsers.Create(CollectdSecurityLevel.None, withAuthFile: false);
        var plain = CollectdTestParsers.Run(plainParser, Bytes.FromHex(PlainValues)).Receiver.Lists;
        using var parser = _parsers.Create(level, withAuthFile: true);

        var (receiver, outcome) = CollectdTestParsers.Run(parser, Bytes.FromHex(capture));

        Assert.Equal(CollectdRejectReason.None, outcome);
        Assert.Equal(
            plain.Select(l => (l.Identifier, l.TimeHr, l.ValuesText)),
            receiver.Lists.Select(l => (l.Identifier, l.TimeHr, l.ValuesText)));
        Assert.All(receiver.Lists, l => Assert.Equal((security, "alice"), (l.Security, l.Username)));
    }

    [Theory]
    [InlineData(CollectdSecurityLevel.Sign)]
    [InlineData(CollectdSecurityLevel.Encrypt)]
    public void Plain_capture_is_ignored_at_sign_and_encrypt(CollectdSecurityLevel level)
    {
        using var parser = _parsers.Create(level, withAuthFile: true);
        Assert.Empty(CollectdTestParsers.Run(parser, Bytes.FromHex(PlainValues)).Receiver.Lists);
    }

    [Fact]
    public void Signed_capture_is_ignored_at_encrypt()
    {
        using var parser = _parsers.Create(CollectdSecurityLevel.Encrypt, withAuthFile: true);
        var (receiver, outcome) = CollectdTestParsers.Run(parser, Bytes.FromHex(SignedValues));
        Assert.Empty(receiver.Lists);
        Assert.Equal(CollectdRejectReason.NotEncryptedAtEncryptLevel, outcome);
    }

    [Fact]
    public void Notification_captures_at_every_level()
    {
        var expected = new ReceivedNotification("testhost.example.com", "load", "", "load", "", 0, 2, "", CollectdSecurity.None);
        foreach (var (level, capture, security) in new[]
        {
            (CollectdSecurityLevel.None, PlainNotification, CollectdSecurity.None),
            (CollectdSecurityLevel.Sign, SignedNotification, CollectdSecurity.Signed),
            (CollectdSecurityLevel.Encrypt, EncryptedNotification, CollectdSecurity.Encrypted),
        })
        {
            using var parser = _parsers.Create(level, withAuthFile: level != CollectdSecurityLevel.None);
            var notification = Assert.Single(CollectdTestParsers.Run(parser, Bytes.FromHex(capture)).Receiver.Notifications);
            Assert.Equal(expected with { Security = security }, notification with { TimeHr = 0, Message = "" });
            Assert.StartsWith("Host testhost.example.com, plugin load type load: Data source \"shortterm\"", notification.Message, StringComparison.Ordinal);
            Assert.True(notification.TimeHr > 1UL << 60);
        }
    }

    [Theory]
    [InlineData(SignedWithWrongPassword, CollectdSecurityLevel.None, CollectdRejectReason.BadSignature)]
    [InlineData(SignedWithWrongPassword, CollectdSecurityLevel.Sign, CollectdRejectReason.BadSignature)]
    [InlineData(EncryptedWithWrongPassword, CollectdSecurityLevel.None, CollectdRejectReason.ChecksumMismatch)]
    [InlineData(EncryptedWithWrongPassword, CollectdSecurityLevel.Encrypt, CollectdRejectReason.ChecksumMismatch)]
    public void Wrong_password_captures_are_dropped(string capture, CollectdSecurityLevel level, CollectdRejectReason reason)
    {
        using var parser = _parsers.Create(level, withAuthFile: true);
        var (receiver, outcome) = CollectdTestParsers.Run(parser, Bytes.FromHex(capture));
        Assert.Empty(receiver.Lists);
        Assert.Equal(reason, outcome);
        Assert.Equal(1, parser.Counters.RejectedFor(reason));
    }

    [Fact]
    public void Sizes_match_the_documented_overheads()
    {
        var plain = Bytes.FromHex(PlainValues).Length;
        Assert.Equal(plain + 36 + 5, Bytes.FromHex(SignedValues).Length);
        Assert.Equal(plain + 42 + 5, Bytes.FromHex(EncryptedValues).Length);
    }

    public void Dispose() => _parsers.Dispose();
}

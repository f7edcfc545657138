using Mine.Protocols.Collectd;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>Parsers at each security level, with a temporary AuthFile holding alice: s3cret.</summary>
internal sealed class CollectdTestParsers : IDisposable
{
    public CollectdTestParsers(string authFileContent = "alice: s3cret\n")
    {
        AuthFilePath = Path.Combine(Path.GetTempPath(), $"mine-collectd-auth-{Guid.NewGuid():N}");
        File.WriteAllText(AuthFilePath, authFileContent);
    }

    public string AuthFilePath { get; }

    public CollectdPacketParser Create(CollectdSecurityLevel level, bool withAuthFile) =>
        new(new CollectdSecurityOptions { Level = level, AuthFilePath = withAuthFile ? AuthFilePath : null });

    public static (RecordingCollectdReceiver Receiver, CollectdRejectReason Outcome) Run(CollectdPacketParser parser, byte[] datagram)
    {
        var receiver = new RecordingCollectdReceiver();
        var outcome = parser.Parse(datagram, receiver);
        return (receiver, outcome);
    }

    public void Dispose() => File.Delete(AuthFilePath);
}

using System.Runtime.Versioning;
using Mine.Relay.Security;

namespace Mine.Relay.Tests.Security;

[UnsupportedOSPlatform("windows")] // file modes are what is tested
public sealed class PemFilesTests(TestPki pki) : IClassFixture<TestPki>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mine-pem-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_key_is_written_readable_by_its_owner_only_and_a_certificate_by_all()
    {
        var key = Path.Combine(_folder, "n.key");
        var cert = Path.Combine(_folder, "n.crt");

        PemFiles.WritePrivateKey(key, pki.Relay, overwrite: false);
        PemFiles.WriteCertificate(cert, pki.Relay, overwrite: false);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(cert));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", File.ReadAllText(key), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", File.ReadAllText(cert), StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_file_is_kept_unless_overwrite_and_a_replaced_key_is_still_owner_only()
    {
        var key = Path.Combine(_folder, "n.key");
        File.WriteAllText(key, "old");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        Assert.Throws<IOException>(() => PemFiles.WritePrivateKey(key, pki.Relay, overwrite: false));
        Assert.Equal("old", File.ReadAllText(key));

        PemFiles.WritePrivateKey(key, pki.Relay, overwrite: true);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(["n.key"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }
}

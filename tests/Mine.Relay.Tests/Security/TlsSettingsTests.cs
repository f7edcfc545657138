using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Security;

namespace Mine.Relay.Tests.Security;

public sealed class TlsSettingsTests(TestPki pki) : IClassFixture<TestPki>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mine-tls-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Loads_a_certificate_its_key_and_the_CA_from_PEM_files()
    {
        var (cert, key, ca) = Write(pki.Centre);

        using var settings = TlsSettings.Load(cert, key, ca)!;

        Assert.Equal(pki.Centre.Thumbprint, settings.Certificate.Thumbprint);
        Assert.True(settings.Certificate.HasPrivateKey);
        Assert.Equal(pki.Ca.Certificate.Thumbprint, Assert.Single(settings.Authorities).Thumbprint);
    }

    [Fact]
    public void No_flag_at_all_is_no_TLS()
    {
        Assert.Null(TlsSettings.Load(null, null, null));
    }

    [Theory]
    [InlineData(false, true, true, "--tls-cert")]
    [InlineData(true, false, true, "--tls-key")]
    [InlineData(true, true, false, "--tls-ca")]
    public void Two_flags_of_three_name_the_missing_one(bool withCert, bool withKey, bool withCa, string missing)
    {
        var (cert, key, ca) = Write(pki.Centre);

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(withCert ? cert : null, withKey ? key : null, withCa ? ca : null));

        Assert.Equal(missing, error.Flag);
        Assert.StartsWith($"{missing} is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tls-cert")]
    [InlineData("--tls-key")]
    [InlineData("--tls-ca")]
    public void A_file_that_does_not_exist_is_named_with_its_flag(string flag)
    {
        var (cert, key, ca) = Write(pki.Centre);
        var missing = Path.Combine(_folder, "nowhere.pem");

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(flag == "--tls-cert" ? missing : cert, flag == "--tls-key" ? missing : key, flag == "--tls-ca" ? missing : ca));

        Assert.Equal(flag, error.Flag);
        Assert.Equal($"{flag} {missing}: no such file.", error.Message);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void An_unreadable_key_is_named_with_its_flag()
    {
        if (Environment.IsPrivilegedProcess)
        {
            return; // root reads a file of mode 0000 anyway
        }

        var (cert, key, ca) = Write(pki.Centre);
        File.SetUnixFileMode(key, UnixFileMode.None);

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(cert, key, ca));

        Assert.Equal("--tls-key", error.Flag);
        Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tls-cert")]
    [InlineData("--tls-key")]
    [InlineData("--tls-ca")]
    public void A_file_without_its_PEM_block_is_named_with_its_flag(string flag)
    {
        var (cert, key, ca) = Write(pki.Centre);
        var garbage = Path.Combine(_folder, "garbage.pem");
        File.WriteAllText(garbage, "a.b 1 2\n");

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(flag == "--tls-cert" ? garbage : cert, flag == "--tls-key" ? garbage : key, flag == "--tls-ca" ? garbage : ca));

        Assert.Equal(flag, error.Flag);
        Assert.StartsWith($"{flag} {garbage} holds no PEM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused_naming_the_key()
    {
        var (cert, _, ca) = Write(pki.Centre);
        var (_, otherKey, _) = Write(pki.Relay, "other");

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(cert, otherKey, ca));

        Assert.Equal("--tls-key", error.Flag);
        Assert.Contains("does not match the certificate of --tls-cert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_RSA_key_for_an_ECDSA_certificate_is_refused_naming_the_key()
    {
        var (cert, key, ca) = Write(pki.Centre);
        using var rsa = RSA.Create(2048);
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(cert, key, ca));

        Assert.Equal("--tls-key", error.Flag);
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_key_is_refused_saying_how_to_decrypt_it()
    {
        var (cert, key, ca) = Write(pki.Centre);
        using var ecdsa = pki.Centre.GetECDsaPrivateKey()!;
        File.WriteAllText(key, ecdsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000)));

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(cert, key, ca));

        Assert.Equal("--tls-key", error.Flag);
        Assert.Contains("is encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_of_another_CA_is_refused_naming_the_CA()
    {
        var (cert, key, _) = Write(pki.Stranger);
        var (_, _, ca) = Write(pki.Centre, "ours");

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(cert, key, ca));

        Assert.Equal("--tls-ca", error.Flag);
        Assert.Contains("issued by CN=Other CA) is not signed by it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_certificate_is_refused_naming_the_certificate()
    {
        var (cert, key, ca) = Write(pki.Expired);

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(cert, key, ca));

        Assert.Equal("--tls-cert", error.Flag);
        Assert.Contains(" expired on ", error.Message, StringComparison.Ordinal);
        Assert.Contains("mine cert node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_CA_is_refused_naming_the_CA()
    {
        // The same CA key and name, once with a long validity (to sign a node certificate that is valid now, which
        // CertificateRequest only does within the issuer's dates) and once expired (what --tls-ca then holds).
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Old CA", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var signer = request.CreateSelfSigned(now.AddDays(-100), now.AddDays(100));
        using var expired = request.CreateSelfSigned(now.AddDays(-100), now.AddDays(-1));
        using var nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signed = new CertificateRequest("CN=n", nodeKey, HashAlgorithmName.SHA256).Create(signer, now.AddDays(-50), now.AddDays(50), [1, 2, 3]);
        using var node = signed.CopyWithPrivateKey(nodeKey);
        var (cert, key, ca) = Write(node);
        PemFiles.WriteCertificate(ca, expired, overwrite: true);

        var error = Assert.Throws<TlsSettingsException>(() => TlsSettings.Load(cert, key, ca));

        Assert.Equal("--tls-ca", error.Flag);
        Assert.Contains("the CA is expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CA_file_of_two_certificates_trusts_both_while_a_CA_is_replaced()
    {
        var (cert, key, ca) = Write(pki.Stranger);
        File.AppendAllText(ca, PemFiles.CertificatePem(pki.OtherCa.Certificate));

        using var settings = TlsSettings.Load(cert, key, ca)!;

        Assert.Equal(2, settings.Authorities.Count);
    }

    private (string Cert, string Key, string Ca) Write(X509Certificate2 certificate, string name = "node")
    {
        var paths = (Path.Combine(_folder, $"{name}.crt"), Path.Combine(_folder, $"{name}.key"), Path.Combine(_folder, $"{name}-ca.crt"));
        PemFiles.WriteCertificate(paths.Item1, certificate, overwrite: true);
        PemFiles.WritePrivateKey(paths.Item2, certificate, overwrite: true);
        PemFiles.WriteCertificate(paths.Item3, pki.Ca.Certificate, overwrite: true);
        return paths;
    }
}

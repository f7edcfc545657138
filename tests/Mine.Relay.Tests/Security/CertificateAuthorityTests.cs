using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Security;

namespace Mine.Relay.Tests.Security;

public sealed class CertificateAuthorityTests
{
    [Fact]
    public void A_new_CA_is_a_self_signed_P256_CA_that_may_sign_certificates_for_ten_years()
    {
        using var ca = CertificateAuthority.Create("Mine relay CA");
        var certificate = ca.Certificate;

        Assert.Equal("CN=Mine relay CA", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        using var key = certificate.GetECDsaPublicKey()!;
        Assert.Equal(256, key.KeySize);
        Assert.InRange((certificate.NotAfter - DateTime.Now).TotalDays, 3649, 3651);
        Assert.True(certificate.NotBefore < DateTime.Now.AddMinutes(-30), "backdated for peers whose clocks are behind");
    }

    [Fact]
    public void A_node_certificate_names_its_hosts_serves_both_ends_and_is_signed_by_the_CA_for_two_years()
    {
        using var ca = CertificateAuthority.Create();
        using var node = ca.Issue("relay-dc1", ["relay.dc1.example.org", "relay"], [IPAddress.Parse("10.1.0.5"), IPAddress.IPv6Loopback]);

        Assert.Equal("CN=relay-dc1", node.Subject);
        Assert.Equal(ca.Certificate.Subject, node.Issuer);
        Assert.True(node.HasPrivateKey);
        Assert.False(node.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var usages = node.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(static o => o.Value).ToList();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        var names = new X509SubjectAlternativeNameExtension(node.Extensions["2.5.29.17"]!.RawData);
        Assert.Equal(["relay.dc1.example.org", "relay"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.1.0.5"), IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.InRange((node.NotAfter - DateTime.Now).TotalDays, 729, 731);
        Assert.Null(new TlsPeerValidator(new X509Certificate2Collection(ca.Certificate)).Validate(node, TlsPeerValidator.ServerAuth, "relay.dc1.example.org"));
    }

    [Fact]
    public void Serial_numbers_are_random_positive_and_sixteen_bytes()
    {
        using var ca = CertificateAuthority.Create();
        var serials = Enumerable.Range(0, 20).Select(_ =>
        {
            using var node = ca.Issue("n", [], []);
            return node.SerialNumberBytes.ToArray();
        }).ToList();

        Assert.Equal(20, serials.Select(Convert.ToHexString).Distinct().Count());
        Assert.All(serials, static s => Assert.Equal(16, s.Length));
    }

    [Fact]
    public void A_node_certificate_ends_when_its_CA_ends()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = CertificateAuthority.Create("Old CA", now.AddDays(-3000), now.AddDays(100));

        using var node = ca.Issue("late", [], []);

        Assert.Equal(ca.Certificate.NotAfter, node.NotAfter);
    }

    [Fact]
    public void A_CA_written_and_read_back_signs_certificates_the_original_trusts()
    {
        var folder = Directory.CreateTempSubdirectory("mine-ca-").FullName;
        try
        {
            using var ca = CertificateAuthority.Create();
            PemFiles.WriteCertificate(Path.Combine(folder, "ca.crt"), ca.Certificate, overwrite: false);
            PemFiles.WritePrivateKey(Path.Combine(folder, "ca.key"), ca.Certificate, overwrite: false);

            using var loaded = CertificateAuthority.Load(Path.Combine(folder, "ca.crt"), Path.Combine(folder, "ca.key"));
            using var node = loaded.Issue("n", ["n.example.org"], []);

            Assert.Null(new TlsPeerValidator(new X509Certificate2Collection(ca.Certificate)).Validate(node, TlsPeerValidator.ClientAuth, host: null));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("relay", true)]
    [InlineData("relay-1.dc1.example.org", true)]
    [InlineData("*.dc1.example.org", true)]
    [InlineData("", false)]
    [InlineData("-relay", false)]
    [InlineData("relay..org", false)]
    [InlineData("relay_1", false)]
    [InlineData("10.0.0.1 ", false)]
    [InlineData("a.*.org", false)]
    public void IsDnsName_takes_labels_of_letters_digits_and_hyphens(string name, bool valid)
    {
        Assert.Equal(valid, CertificateAuthority.IsDnsName(name));
    }

    [Theory]
    [InlineData("relay.dc1.example.org", true)]
    [InlineData("RELAY.dc1.example.org.", true)]
    [InlineData("other.dc1.example.org", true)]
    [InlineData("a.b.dc1.example.org", false)]
    [InlineData("dc1.example.org", false)]
    [InlineData("10.1.0.5", true)]
    [InlineData("10.1.0.6", false)]
    public void A_host_is_named_by_an_exact_DNS_name_a_wildcard_for_one_label_or_an_address(string host, bool named)
    {
        using var ca = CertificateAuthority.Create();
        using var node = ca.Issue("n", ["relay.dc1.example.org", "*.dc1.example.org"], [IPAddress.Parse("10.1.0.5")]);

        Assert.Equal(named, TlsPeerValidator.Names(node, host));
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Security;

namespace Mine.Relay.Tests.Security;

/// <summary>A CA and node certificates for localhost and 127.0.0.1, made once for the test class (ECDSA is quick,
/// but a handful per test adds up on two cores).</summary>
public sealed class TestPki : IDisposable
{
    public TestPki()
    {
        var now = DateTimeOffset.UtcNow;
        Ca = CertificateAuthority.Create("Test CA", now.AddDays(-60), now.AddDays(365)); // old enough to have signed an expired certificate
        OtherCa = CertificateAuthority.Create("Other CA");
        Centre = Ca.Issue("centre", ["localhost"], [IPAddress.Loopback]);
        Relay = Ca.Issue("relay-dc1", [], []);
        Stranger = OtherCa.Issue("stranger", ["localhost"], [IPAddress.Loopback]);
        Expired = Ca.Issue("expired", ["localhost"], [IPAddress.Loopback], now.AddDays(-30), now.AddDays(-20));
    }

    public CertificateAuthority Ca { get; }

    public CertificateAuthority OtherCa { get; }

    /// <summary>The listening end: names localhost and 127.0.0.1.</summary>
    public X509Certificate2 Centre { get; }

    /// <summary>A connecting relay: no names (a client is not checked by name).</summary>
    public X509Certificate2 Relay { get; }

    /// <summary>Signed by <see cref="OtherCa"/>.</summary>
    public X509Certificate2 Stranger { get; }

    /// <summary>Signed by <see cref="Ca"/>, expired twenty days ago.</summary>
    public X509Certificate2 Expired { get; }

    /// <summary>Settings trusting <see cref="Ca"/> with <paramref name="certificate"/> as this node's.</summary>
    public TlsSettings Settings(X509Certificate2 certificate) => TlsSettings.FromCertificates(certificate, Ca.Certificate);

    public void Dispose()
    {
        foreach (var certificate in new[] { Centre, Relay, Stranger, Expired })
        {
            certificate.Dispose();
        }

        Ca.Dispose();
        OtherCa.Dispose();
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mine.Relay.Security;

/// <summary>
/// The private CA behind <c>mine cert</c>: one per installation, made once in the centre, signing one certificate
/// per node (relay or serve). Keys are ECDSA P-256: small, fast handshakes, and supported by every TLS 1.2+ peer.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(3650);
    public static readonly TimeSpan DefaultNodeValidity = TimeSpan.FromDays(730);

    /// <summary>Certificates start this long before they are made, so a peer whose clock is a little behind does
    /// not refuse a new certificate as not yet valid.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new self-signed CA, valid from now (less the clock skew margin) for <paramref name="validity"/>.</summary>
    public static CertificateAuthority Create(string name = "Mine relay CA", TimeSpan? validity = null)
    {
        var now = DateTimeOffset.UtcNow;
        return Create(name, now - ClockSkew, now + (validity ?? DefaultValidity));
    }

    /// <summary>A new self-signed CA valid between the given times (tests make expired ones).</summary>
    public static CertificateAuthority Create(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CommonName(name), key, HashAlgorithmName.SHA256);
        // pathLength 0: the CA signs node certificates, never another CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return new CertificateAuthority(request.CreateSelfSigned(notBefore, notAfter));
    }

    /// <summary>The CA written by <c>mine cert ca</c>: its certificate and PKCS#8 key, PEM.</summary>
    /// <exception cref="CryptographicException">The files do not hold a certificate and its key.</exception>
    public static CertificateAuthority Load(string certificateFile, string keyFile) =>
        new(X509Certificate2.CreateFromPemFile(certificateFile, keyFile));

    /// <summary>
    /// A node certificate signed by this CA, with its own new key: subject <c>CN=name</c>, the given DNS names and
    /// addresses as subject alternative names, usable as TLS server and as TLS client (one certificate serves both
    /// ends), valid for <paramref name="validity"/> but never outside the CA's own validity.
    /// </summary>
    public X509Certificate2 Issue(string name, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, TimeSpan? validity = null)
    {
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + (validity ?? DefaultNodeValidity);
        var notBefore = now - ClockSkew;
        var caStart = new DateTimeOffset(Certificate.NotBefore.ToUniversalTime());
        var caEnd = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        return Issue(name, dnsNames, addresses, notBefore > caStart ? notBefore : caStart, notAfter < caEnd ? notAfter : caEnd);
    }

    /// <summary>A node certificate valid between the given times (tests make expired ones).</summary>
    public X509Certificate2 Issue(string name, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CommonName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([TlsPeerValidator.ServerAuth, TlsPeerValidator.ClientAuth], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        var any = false;
        foreach (var dns in dnsNames)
        {
            if (!IsDnsName(dns))
            {
                throw new ArgumentException($"'{dns}' is not a DNS name.", nameof(dnsNames));
            }

            names.AddDnsName(dns);
            any = true;
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
            any = true;
        }

        if (any)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        using var signed = request.Create(Certificate, notBefore, notAfter, SerialNumber());
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>Letters, digits and hyphens in dot-separated labels of 1 to 63 characters, at most 253 in all; a
    /// leading <c>*.</c> wildcard is allowed.</summary>
    public static bool IsDnsName(string name)
    {
        var rest = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
        if (rest.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in rest.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(static c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => Certificate.Dispose();

    /// <summary>Built, not parsed from "CN=...": a name with a comma or an equals sign stays one name.</summary>
    private static X500DistinguishedName CommonName(string name)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(name);
        return builder.Build();
    }

    /// <summary>16 random bytes, positive (top bit clear) and without a leading zero byte so the DER stays 16 bytes:
    /// unguessable serials, as the CA/Browser Forum asks, and no state to keep between runs.</summary>
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mine.Relay.Security;

/// <summary>
/// This node's identity for mutual TLS: its certificate with the private key, and the CA its peers must be signed
/// by. Loaded from <c>--tls-cert FILE --tls-key FILE --tls-ca FILE</c> (PEM), checked at start so a wrong file
/// stops the command with a line naming the flag instead of failing every handshake later.
/// </summary>
public sealed class TlsSettings : IDisposable
{
    private SslStreamCertificateContext? _serverContext;
    private SslStreamCertificateContext? _clientContext;

    public const string CertFlag = "--tls-cert";
    public const string KeyFlag = "--tls-key";
    public const string CaFlag = "--tls-ca";

    private readonly bool _ownsCertificate;

    private TlsSettings(X509Certificate2 certificate, X509Certificate2Collection authorities, bool ownsCertificate)
    {
        _ownsCertificate = ownsCertificate;
        Certificate = certificate;
        Authorities = authorities;
        Validator = new TlsPeerValidator(authorities);
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificates peers must lead to: usually one; two while a CA is being replaced.</summary>
    public X509Certificate2Collection Authorities { get; }

    internal TlsPeerValidator Validator { get; }

    /// <summary>Made once: a context builds this node's chain, which every handshake would otherwise repeat.</summary>
    internal SslStreamCertificateContext ServerContext => _serverContext ??= SslStreamCertificateContext.Create(Certificate, additionalCertificates: null, offline: true,
        SslCertificateTrust.CreateForX509Collection(Authorities, sendTrustInHandshake: true));

    internal SslStreamCertificateContext ClientContext => _clientContext ??= SslStreamCertificateContext.Create(Certificate, additionalCertificates: null, offline: true);

    /// <summary>
    /// The three files, or null when none is given (TLS off). Throws <see cref="TlsSettingsException"/> naming the
    /// flag when only some are given, a file is missing or unreadable or holds no PEM of its kind, the key does not
    /// match the certificate, the certificate is not signed by the CA, or it is expired or not yet valid.
    /// </summary>
    public static TlsSettings? Load(string? certFile, string? keyFile, string? caFile)
    {
        if (certFile is null && keyFile is null && caFile is null)
        {
            return null;
        }

        foreach (var (flag, file) in new[] { (CertFlag, certFile), (KeyFlag, keyFile), (CaFlag, caFile) })
        {
            if (string.IsNullOrEmpty(file))
            {
                throw new TlsSettingsException(flag, $"{flag} is missing: give {CertFlag}, {KeyFlag} and {CaFlag} together (files made by 'mine cert'), or none of them for no TLS.");
            }
        }

        var authorities = TlsFiles.LoadAuthorities(caFile!);
        X509Certificate2 certificate;
        try
        {
            certificate = TlsFiles.LoadCertificate(certFile!, keyFile!);
        }
        catch
        {
            Dispose(authorities);
            throw;
        }

        var settings = new TlsSettings(certificate, authorities, ownsCertificate: true);
        if (settings.Validator.Validate(certificate, usage: null, host: null) is { } refusal)
        {
            var error = refusal.Reason switch
            {
                TlsRefusalReason.Expired => TlsFiles.Expired(certFile!, caFile!, certificate),
                TlsRefusalReason.UnknownCa => new TlsSettingsException(CaFlag,
                    $"{CaFlag} {caFile}: the certificate of {CertFlag} {certFile} ({certificate.Subject}, issued by {certificate.Issuer}) is not signed by it: give the ca.crt of the CA that made it."),
                _ => new TlsSettingsException(CertFlag, $"{CertFlag} {certFile}: {refusal.Detail}."),
            };
            settings.Dispose();
            throw error;
        }

        return settings;
    }

    /// <summary>Settings from certificates already in memory (tests, or a host that made them itself). The caller
    /// keeps <paramref name="certificate"/> (not disposed here); the authorities are copied, public part only.</summary>
    public static TlsSettings FromCertificates(X509Certificate2 certificate, params X509Certificate2[] authorities)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The certificate needs its private key.", nameof(certificate));
        }

        var copies = new X509Certificate2Collection();
        foreach (var authority in authorities)
        {
            copies.Add(X509CertificateLoader.LoadCertificate(authority.RawData));
        }

        return new TlsSettings(certificate, copies, ownsCertificate: false);
    }

    public void Dispose()
    {
        if (_ownsCertificate)
        {
            Certificate.Dispose();
        }

        Dispose(Authorities);
    }

    private static void Dispose(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}

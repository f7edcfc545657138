using System.Net.Security;
using System.Security.Cryptography;
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

        var authorities = LoadAuthorities(caFile!);
        var certificate = LoadCertificate(certFile!, keyFile!);
        var settings = new TlsSettings(certificate, authorities, ownsCertificate: true);
        if (settings.Validator.Validate(certificate, usage: null, host: null) is { } refusal)
        {
            var error = refusal.Reason switch
            {
                TlsRefusalReason.Expired => new TlsSettingsException(CertFlag, ExpiredMessage(certFile!, certificate)),
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

        foreach (var authority in Authorities)
        {
            authority.Dispose();
        }
    }

    private static string ExpiredMessage(string file, X509Certificate2 certificate)
    {
        var now = DateTime.UtcNow;
        return certificate.NotAfter.ToUniversalTime() < now
            ? $"{CertFlag} {file} expired on {certificate.NotAfter.ToUniversalTime():u}: make a new one with 'mine cert node'."
            : certificate.NotBefore.ToUniversalTime() > now
                ? $"{CertFlag} {file} is valid only from {certificate.NotBefore.ToUniversalTime():u}: check this machine's clock."
                : $"{CertFlag} {file}: the CA in {CaFlag} is expired or not yet valid (from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}): make a new CA with 'mine cert ca'.";
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        var text = ReadText(CaFlag, file);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new TlsSettingsException(CaFlag, $"{CaFlag} {file} holds a damaged certificate ({e.Message}): give the ca.crt 'mine cert ca' wrote.");
        }

        if (authorities.Count == 0)
        {
            throw new TlsSettingsException(CaFlag, $"{CaFlag} {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the ca.crt 'mine cert ca' wrote.");
        }

        return authorities;
    }

    private static X509Certificate2 LoadCertificate(string certFile, string keyFile)
    {
        var certText = ReadText(CertFlag, certFile);
        var keyText = ReadText(KeyFlag, keyFile);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certText);
        }
        catch (CryptographicException)
        {
            throw new TlsSettingsException(CertFlag, $"{CertFlag} {certFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the NAME.crt 'mine cert node' wrote.");
        }

        using (certificate)
        {
            if (keyText.Contains("ENCRYPTED", StringComparison.Ordinal))
            {
                throw new TlsSettingsException(KeyFlag, $"{KeyFlag} {keyFile} is encrypted: give an unencrypted PKCS#8 key (openssl pkcs8 -topk8 -nocrypt), readable only by the service's user.");
            }

            try
            {
                return WithKey(certificate, keyText)
                    ?? throw new TlsSettingsException(CertFlag, $"{CertFlag} {certFile} has a {certificate.PublicKey.Oid.FriendlyName} key: use an ECDSA or RSA certificate ('mine cert node' makes ECDSA P-256).");
            }
            catch (ArgumentException)
            {
                // ImportFromPem found no key; CopyWithPrivateKey found a key of another pair.
                throw new TlsSettingsException(KeyFlag, keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal)
                    ? $"{KeyFlag} {keyFile} does not match the certificate of {CertFlag} {certFile}: give the key made with it (NAME.key beside NAME.crt)."
                    : $"{KeyFlag} {keyFile} holds no PEM private key (-----BEGIN PRIVATE KEY-----): give the NAME.key 'mine cert node' wrote.");
            }
            catch (CryptographicException)
            {
                throw new TlsSettingsException(KeyFlag, $"{KeyFlag} {keyFile} does not match the certificate of {CertFlag} {certFile} (another key type, or damaged): give the key made with it.");
            }
        }
    }

    private static X509Certificate2? WithKey(X509Certificate2 certificate, string keyText)
    {
        if (certificate.GetECDsaPublicKey() is { } ecPublic)
        {
            ecPublic.Dispose();
            using var key = ECDsa.Create();
            key.ImportFromPem(keyText);
            return certificate.CopyWithPrivateKey(key);
        }

        if (certificate.GetRSAPublicKey() is { } rsaPublic)
        {
            rsaPublic.Dispose();
            using var key = RSA.Create();
            key.ImportFromPem(keyText);
            return certificate.CopyWithPrivateKey(key);
        }

        return null;
    }

    private static string ReadText(string flag, string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TlsSettingsException(flag, $"{flag} {file}: no such file.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new TlsSettingsException(flag, $"{flag} {file}: permission denied: make it readable by the user Mine runs as.");
        }
        catch (IOException e)
        {
            throw new TlsSettingsException(flag, $"{flag} {file}: cannot read it: {e.Message}");
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mine.Relay.Security;

/// <summary>
/// Reads the PEM files of <see cref="TlsSettings.Load"/>, each error a <see cref="TlsSettingsException"/> naming
/// the flag of the file at fault and saying what to give instead.
/// </summary>
internal static class TlsFiles
{
    /// <summary>The error for a certificate the chain found out of date: this node's own, or else the CA's.</summary>
    internal static TlsSettingsException Expired(string certFile, string caFile, X509Certificate2 certificate)
    {
        var now = DateTime.UtcNow;
        var (from, until) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        return until < now
            ? new TlsSettingsException(TlsSettings.CertFlag, $"{TlsSettings.CertFlag} {certFile} expired on {until:u}: make a new one with 'mine cert node'.")
            : from > now
                ? new TlsSettingsException(TlsSettings.CertFlag, $"{TlsSettings.CertFlag} {certFile} is valid only from {from:u}: check this machine's clock.")
                : new TlsSettingsException(TlsSettings.CaFlag, $"{TlsSettings.CaFlag} {caFile}: the CA is expired or not yet valid: check this machine's clock, or make a new CA with 'mine cert ca' and new node certificates.");
    }

    internal static X509Certificate2Collection LoadAuthorities(string file)
    {
        var text = ReadText(TlsSettings.CaFlag, file);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new TlsSettingsException(TlsSettings.CaFlag, $"{TlsSettings.CaFlag} {file} holds a damaged certificate ({e.Message}): give the ca.crt 'mine cert ca' wrote.");
        }

        if (authorities.Count == 0)
        {
            throw new TlsSettingsException(TlsSettings.CaFlag, $"{TlsSettings.CaFlag} {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the ca.crt 'mine cert ca' wrote.");
        }

        return authorities;
    }

    internal static X509Certificate2 LoadCertificate(string certFile, string keyFile)
    {
        var certText = ReadText(TlsSettings.CertFlag, certFile);
        var keyText = ReadText(TlsSettings.KeyFlag, keyFile);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certText);
        }
        catch (CryptographicException)
        {
            throw new TlsSettingsException(TlsSettings.CertFlag, $"{TlsSettings.CertFlag} {certFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the NAME.crt 'mine cert node' wrote.");
        }

        using (certificate)
        {
            if (keyText.Contains("ENCRYPTED", StringComparison.Ordinal))
            {
                throw new TlsSettingsException(TlsSettings.KeyFlag, $"{TlsSettings.KeyFlag} {keyFile} is encrypted: give an unencrypted PKCS#8 key (openssl pkcs8 -topk8 -nocrypt), readable only by the service's user.");
            }

            try
            {
                return WithKey(certificate, keyText)
                    ?? throw new TlsSettingsException(TlsSettings.CertFlag, $"{TlsSettings.CertFlag} {certFile} has a {certificate.PublicKey.Oid.FriendlyName} key: use an ECDSA or RSA certificate ('mine cert node' makes ECDSA P-256).");
            }
            catch (ArgumentException)
            {
                // ImportFromPem found no key; CopyWithPrivateKey found a key of another pair.
                throw new TlsSettingsException(TlsSettings.KeyFlag, keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal)
                    ? $"{TlsSettings.KeyFlag} {keyFile} does not match the certificate of {TlsSettings.CertFlag} {certFile}: give the key made with it (NAME.key beside NAME.crt)."
                    : $"{TlsSettings.KeyFlag} {keyFile} holds no PEM private key (-----BEGIN PRIVATE KEY-----): give the NAME.key 'mine cert node' wrote.");
            }
            catch (CryptographicException)
            {
                throw new TlsSettingsException(TlsSettings.KeyFlag, $"{TlsSettings.KeyFlag} {keyFile} does not match the certificate of {TlsSettings.CertFlag} {certFile} (another key type, or damaged): give the key made with it.");
            }
        }
    }

    internal static X509Certificate2? WithKey(X509Certificate2 certificate, string keyText)
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

    internal static string ReadText(string flag, string file)
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

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mine.Core.Errors;

namespace Mine.Hosting;

/// <summary>
/// The certificate and key of HTTPS on <c>--http</c> (<c>--http-tls-cert</c>, <c>--http-tls-key</c>): PEM files as a
/// CA, Let's Encrypt's <c>fullchain.pem</c>/<c>privkey.pem</c> or <c>mine cert node</c> write them. The first
/// certificate of the file is the server's; the ones after it are its chain, sent in the handshake. Each problem is
/// one <see cref="MineUserException"/> naming the flag and the fix; an expired certificate is a warning only, so a
/// restart after a missed renewal still ingests (clients will refuse the connection until it is renewed).
/// </summary>
internal sealed class HttpsCertificate(X509Certificate2 certificate, X509Certificate2Collection chain)
{
    public const string CertFlag = "--http-tls-cert";
    public const string KeyFlag = "--http-tls-key";

    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>The intermediates sent with <see cref="Certificate"/>.</summary>
    public X509Certificate2Collection Chain { get; } = chain;

    /// <summary>Null when neither file is given (plain HTTP).</summary>
    public static HttpsCertificate? Load(string? certFile, string? keyFile, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        if (string.IsNullOrWhiteSpace(certFile) && string.IsNullOrWhiteSpace(keyFile))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(certFile) || string.IsNullOrWhiteSpace(keyFile))
        {
            var missing = string.IsNullOrWhiteSpace(certFile) ? CertFlag : KeyFlag;
            throw new MineUserException($"{missing} is missing: give {CertFlag} and {KeyFlag} together for HTTPS, or neither for plain HTTP.");
        }

        var certText = ReadText(CertFlag, certFile);
        var keyText = ReadText(KeyFlag, keyFile);
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(certText);
        }
        catch (CryptographicException e)
        {
            throw new MineUserException($"{CertFlag} {certFile} holds a damaged certificate ({e.Message}): give the PEM certificate your CA issued.");
        }

        if (all.Count == 0)
        {
            throw new MineUserException($"{CertFlag} {certFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the certificate, not the key or a DER file.");
        }

        if (keyText.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw new MineUserException($"{KeyFlag} {keyFile} is encrypted: give an unencrypted key (openssl pkey -in KEY -out KEY.plain), readable only by Mine's user.");
        }

        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new MineUserException($"{KeyFlag} {keyFile} holds no PEM private key (-----BEGIN PRIVATE KEY-----): give the key the certificate was made with.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certText, keyText);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new MineUserException($"{KeyFlag} {keyFile} does not match the certificate of {CertFlag} {certFile}: give the key the certificate was made with.");
        }

        var now = DateTime.UtcNow;
        if (certificate.NotAfter.ToUniversalTime() < now)
        {
            warn($"{CertFlag} {certFile} expired on {certificate.NotAfter.ToUniversalTime():u}: clients refuse HTTPS until it is renewed.");
        }
        else if (certificate.NotBefore.ToUniversalTime() > now)
        {
            warn($"{CertFlag} {certFile} is valid only from {certificate.NotBefore.ToUniversalTime():u}: check this machine's clock.");
        }

        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        all[0].Dispose();
        return new HttpsCertificate(certificate, chain);
    }

    /// <summary>The certificate in force, for the startup block.</summary>
    public string Describe() => $"certificate {Certificate.Subject}, valid until {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";

    private static string ReadText(string flag, string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MineUserException($"{flag} {file}: no such file.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new MineUserException($"{flag} {file}: permission denied: make it readable by the user Mine runs as.");
        }
        catch (IOException e)
        {
            throw new MineUserException($"{flag} {file}: {e.Message}");
        }
    }
}

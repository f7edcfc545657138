using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mine.Relay.Security;

/// <summary>
/// Writes certificates and keys as PEM files: a certificate readable by all (0644), a private key by its owner only
/// (0600, set when the file is created, so the key is never readable by others, not even for a moment). Written to
/// a temporary file in the same folder and renamed, so a crash leaves the old file or the new one, never half a key.
/// </summary>
public static class PemFiles
{
    private const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The certificate as PEM (<c>-----BEGIN CERTIFICATE-----</c>).</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The certificate's private key as unencrypted PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>Writes <paramref name="certificate"/> to <paramref name="path"/>, mode 0644.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
    public static void WriteCertificate(string path, X509Certificate2 certificate, bool overwrite) => Write(path, CertificatePem(certificate), Public, overwrite);

    /// <summary>Writes the private key of <paramref name="certificate"/> to <paramref name="path"/>, mode 0600.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
    public static void WritePrivateKey(string path, X509Certificate2 certificate, bool overwrite) => Write(path, PrivateKeyPem(certificate), Secret, overwrite);

    private static void Write(string path, string text, UnixFileMode mode, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            using (var writer = new StreamWriter(file))
            {
                writer.Write(text);
                writer.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

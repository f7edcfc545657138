using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mine.Relay.Security;

/// <summary>
/// Checks a peer's certificate against the CA of <c>--tls-ca</c> and nothing else. The verdict SslStream hands to
/// the validation callback is ignored on purpose: it trusts the system's roots, so any certificate a public CA sold
/// for any name would pass. Here the chain is built again with only our CA as root (custom root trust), no
/// revocation (a private CA publishes no CRL; a lost node is handled by a new CA, docs/relay.md), no downloads,
/// and the extended key usage the role needs.
/// </summary>
internal sealed class TlsPeerValidator(X509Certificate2Collection authorities)
{
    /// <summary>TLS server authentication, what a client requires of the server's certificate.</summary>
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    /// <summary>TLS client authentication, what the server requires of a client's certificate.</summary>
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>Null when the certificate is acceptable, else why not, with a detail for the log line.</summary>
    /// <param name="usage">The extended key usage required (a certificate without the extension allows every
    /// usage), or null for none.</param>
    /// <param name="host">The name or address the client connected to, checked against the certificate's subject
    /// alternative names; null on the server side.</param>
    public (TlsRefusalReason Reason, string Detail)? Validate(X509Certificate? presented, Oid? usage, string? host)
    {
        if (presented is null)
        {
            return (TlsRefusalReason.NoCertificate, "no certificate presented");
        }

        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(authorities);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        if (usage is not null)
        {
            policy.ApplicationPolicy.Add(usage);
        }

        var built = chain.Build(certificate);
        var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, static (all, s) => all | s.Status);
        if (!built || status != X509ChainStatusFlags.NoError || !EndsAtAuthority(chain))
        {
            return Classify(status, certificate);
        }

        if (host is not null && !Names(certificate, host))
        {
            return (TlsRefusalReason.NameMismatch, $"certificate {certificate.Subject} does not name {host} (subject alternative names: {AlternativeNames(certificate)})");
        }

        return null;
    }

    private static (TlsRefusalReason, string) Classify(X509ChainStatusFlags status, X509Certificate2 certificate)
    {
        // Trust first: an unknown CA's dates or usages mean nothing.
        const X509ChainStatusFlags untrusted = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain
            | X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.ExplicitDistrust;
        if ((status & untrusted) != 0 || status == X509ChainStatusFlags.NoError)
        {
            return (TlsRefusalReason.UnknownCa, $"certificate {certificate.Subject} issued by {certificate.Issuer}, not by the CA of --tls-ca");
        }

        if ((status & (X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) != 0)
        {
            return (TlsRefusalReason.Expired, $"certificate {certificate.Subject} valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}");
        }

        return (TlsRefusalReason.BadCertificate, $"certificate {certificate.Subject}: {status}");
    }

    /// <summary>Custom root trust already ends every valid chain at a certificate of the custom store; checked again
    /// because trusting another root here would open the relay to anyone.</summary>
    private bool EndsAtAuthority(X509Chain chain)
    {
        var root = chain.ChainElements[^1].Certificate;
        foreach (var authority in authorities)
        {
            if (authority.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Subject alternative names only (the subject's CN is not a name, RFC 6125): an exact DNS name, a
    /// wildcard for the leftmost label, or an IP address.</summary>
    internal static bool Names(X509Certificate2 certificate, string host)
    {
        if (AlternativeNamesExtension(certificate) is not { } names)
        {
            return false;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return names.EnumerateIPAddresses().Any(a => a.Equals(address));
        }

        var wanted = host.TrimEnd('.');
        foreach (var name in names.EnumerateDnsNames())
        {
            var pattern = name.TrimEnd('.');
            if (string.Equals(pattern, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (pattern.StartsWith("*.", StringComparison.Ordinal) && wanted.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot
                && string.Equals(pattern[1..], wanted[dot..], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string AlternativeNames(X509Certificate2 certificate)
    {
        if (AlternativeNamesExtension(certificate) is not { } names)
        {
            return "none";
        }

        return string.Join(", ", names.EnumerateDnsNames().Concat(names.EnumerateIPAddresses().Select(static a => a.ToString())));
    }

    private static X509SubjectAlternativeNameExtension? AlternativeNamesExtension(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == "2.5.29.17")
            {
                return new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
            }
        }

        return null;
    }
}

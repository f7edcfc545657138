using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Mine.Relay.Security;

/// <summary>
/// SslStream options for both ends of the forward protocol: TLS 1.2 and 1.3 only, this node's certificate, and the
/// peer validated by <see cref="TlsPeerValidator"/> against the CA only. A refused peer is reported to
/// <c>refused</c> (reason and detail) before the handshake fails, so the caller knows why.
/// </summary>
public static class TlsOptions
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// For the listening end. A client certificate is required and must lead to the CA and allow clientAuth; its
    /// names are not checked: any holder of a certificate from our CA may send (relays connect from addresses that
    /// change, NAT included), and the CA is the one gate. The CA's name is sent in the certificate request so a
    /// client holding several certificates picks the right one.
    /// </summary>
    public static SslServerAuthenticationOptions Server(TlsSettings settings, Action<TlsRefusalReason, string>? refused = null) => new()
    {
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ServerCertificateContext = settings.ServerContext,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => Accept(settings.Validator.Validate(certificate, TlsPeerValidator.ClientAuth, host: null), refused),
    };

    /// <summary>
    /// For the connecting end: <paramref name="host"/> (a DNS name or an IP address) must be among the server
    /// certificate's subject alternative names, and the certificate must lead to the CA and allow serverAuth. This
    /// node's certificate is always offered.
    /// </summary>
    public static SslClientAuthenticationOptions Client(TlsSettings settings, string host, Action<TlsRefusalReason, string>? refused = null) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ClientCertificateContext = settings.ClientContext,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => Accept(settings.Validator.Validate(certificate, TlsPeerValidator.ServerAuth, host), refused),
    };

    private static bool Accept((TlsRefusalReason Reason, string Detail)? refusal, Action<TlsRefusalReason, string>? refused)
    {
        if (refusal is not { } r)
        {
            return true;
        }

        refused?.Invoke(r.Reason, r.Detail);
        return false;
    }
}

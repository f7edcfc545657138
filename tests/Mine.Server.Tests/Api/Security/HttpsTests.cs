using System.Net;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Security;

namespace Mine.Server.Tests.Api.Security;

/// <summary>With a certificate and key, --http serves HTTPS only: the certificate a client sees is the configured one,
/// and plain HTTP on the port gets no answer.</summary>
public sealed class HttpsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mine-https-" + Guid.NewGuid().ToString("N"));
    private readonly CertificateAuthority _ca = CertificateAuthority.Create("Mine test CA");

    public HttpsTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A server certificate for 127.0.0.1 and its key, as PEM files; the certificate file carries the CA after it (a chain).</summary>
    private (string Cert, string Key, X509Certificate2 Certificate) MakePair(string name)
    {
        var certificate = _ca.Issue(name, ["localhost"], [IPAddress.Loopback]);
        var (cert, key) = (Path.Combine(_folder, name + ".crt"), Path.Combine(_folder, name + ".key"));
        File.WriteAllText(cert, PemFiles.CertificatePem(certificate) + PemFiles.CertificatePem(_ca.Certificate));
        PemFiles.WritePrivateKey(key, certificate, overwrite: false);
        return (cert, key, certificate);
    }

    [Fact]
    public async Task Https_answers_with_the_configured_certificate_and_plain_http_does_not()
    {
        var (cert, key, certificate) = MakePair("mine");
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:HttpTlsCert"] = cert, ["Mine:HttpTlsKey"] = key });
        var address = server.Http.BaseAddress!;
        Assert.Equal("https", address.Scheme);

        X509Certificate2? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, chain, _) =>
            {
                seen = presented is null ? null : X509CertificateLoader.LoadCertificate(presented.RawData);
                return presented is not null && chain is not null && chain.ChainElements.Count >= 1;
            },
        };
        using var https = new HttpClient(handler) { BaseAddress = address };
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync("/health")).StatusCode);
        Assert.Equal(certificate.Thumbprint, seen?.Thumbprint);
        Assert.Equal(HttpStatusCode.OK, (await https.SendAsync(WriteAccessTests.Post("/_internal/flush", token: server.AdminToken))).StatusCode);

        using var plain = new HttpClient { BaseAddress = new Uri($"http://{address.Authority}"), Timeout = TimeSpan.FromSeconds(10) };
        HttpResponseMessage? answer = null;
        try
        {
            answer = await plain.GetAsync("/health");
        }
        catch (HttpRequestException)
        {
        }

        Assert.True(answer is null || answer.StatusCode != HttpStatusCode.OK, "plain HTTP was served while HTTPS is configured");
    }
}

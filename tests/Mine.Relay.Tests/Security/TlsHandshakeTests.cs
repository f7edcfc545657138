using System.Diagnostics;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Security;

namespace Mine.Relay.Tests.Security;

/// <summary>Real SslStreams over real loopback TCP connections, both ends through <see cref="TlsHandshake"/>.</summary>
public sealed class TlsHandshakeTests(TestPki pki) : IClassFixture<TestPki>
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task A_node_signed_by_the_CA_connects_both_ways_and_each_end_sees_the_other(string host)
    {
        using var connection = await LoopbackConnection.OpenAsync();
        using var serverSettings = pki.Settings(pki.Centre);
        using var clientSettings = pki.Settings(pki.Relay);
        var serverRefusals = new TlsRefusals();
        var clientRefusals = new TlsRefusals();

        var accepting = new TlsHandshake(serverSettings, serverRefusals).AuthenticateServerAsync(connection.ServerStream, connection.Peer).AsTask();
        await using var client = (SslStream)await new TlsHandshake(clientSettings, clientRefusals).AuthenticateClientAsync(connection.ClientStream, host);
        await using var server = (SslStream)await accepting;

        await client.WriteAsync("chunk"u8.ToArray());
        await server.WriteAsync("ack"u8.ToArray());
        Assert.Equal("chunk", await ReadTextAsync(server, 5));
        Assert.Equal("ack", await ReadTextAsync(client, 3));
        Assert.Equal("CN=relay-dc1", server.RemoteCertificate!.Subject);
        Assert.Equal("CN=centre", client.RemoteCertificate!.Subject);
        Assert.True(server.SslProtocol is SslProtocols.Tls12 or SslProtocols.Tls13, $"{server.SslProtocol}");
        Assert.Equal(0, serverRefusals.Total);
        Assert.Equal(0, clientRefusals.Total);
    }

    [Fact]
    public async Task While_a_CA_is_replaced_a_server_trusting_both_accepts_nodes_of_either()
    {
        using var connection = await LoopbackConnection.OpenAsync();
        using var serverSettings = TlsSettings.FromCertificates(pki.Centre, pki.Ca.Certificate, pki.OtherCa.Certificate);
        using var clientSettings = TlsSettings.FromCertificates(pki.Stranger, pki.Ca.Certificate);
        var refusals = new TlsRefusals();

        var accepting = new TlsHandshake(serverSettings, refusals).AuthenticateServerAsync(connection.ServerStream, connection.Peer).AsTask();
        await using var client = await new TlsHandshake(clientSettings, new TlsRefusals()).AuthenticateClientAsync(connection.ClientStream, "localhost");
        await using var server = (SslStream)await accepting;

        Assert.Equal("CN=stranger", server.RemoteCertificate!.Subject);
        Assert.Equal(0, refusals.Total);
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_another_CA_is_refused_counted_as_unknown_CA_and_logged_with_its_address()
    {
        var log = new List<string>();
        var refusals = new TlsRefusals(line => { lock (log) { log.Add(line); } });

        var (refused, peer) = await ServerRefusesAsync(refusals, client: TlsSettings.FromCertificates(pki.Stranger, pki.Ca.Certificate));

        Assert.Equal(TlsRefusalReason.UnknownCa, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.UnknownCa));
        Assert.Equal(1, refusals.Total);
        var line = Assert.Single(log);
        Assert.Contains(peer, line, StringComparison.Ordinal);
        Assert.Contains("unknown_ca", line, StringComparison.Ordinal);
        Assert.Contains("CN=Other CA", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_client_certificate_is_refused_and_counted_as_expired()
    {
        var refusals = new TlsRefusals();

        var (refused, _) = await ServerRefusesAsync(refusals, client: pki.Settings(pki.Expired));

        Assert.Equal(TlsRefusalReason.Expired, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.Expired));
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused_and_counted_as_no_certificate()
    {
        var refusals = new TlsRefusals();
        using var connection = await LoopbackConnection.OpenAsync();
        using var serverSettings = pki.Settings(pki.Centre);
        var accepting = new TlsHandshake(serverSettings, refusals).AuthenticateServerAsync(connection.ServerStream, connection.Peer).AsTask();

        // A plain SslStream client that offers no certificate (and takes any server certificate: not what is tested).
        var anonymous = new SslStream(connection.ClientStream, leaveInnerStreamOpen: true, (_, certificate, _, _) => certificate is not null);
        var connecting = anonymous.AuthenticateAsClientAsync("localhost");

        var refused = await Assert.ThrowsAsync<TlsRefusedException>(() => accepting);
        Assert.Equal(TlsRefusalReason.NoCertificate, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.NoCertificate));
        await AssertClosedAsync(connecting, anonymous);
    }

    [Fact]
    public async Task A_plaintext_line_on_the_TLS_port_is_refused_at_once_and_counted_as_not_TLS()
    {
        var refusals = new TlsRefusals();
        using var connection = await LoopbackConnection.OpenAsync();
        using var serverSettings = pki.Settings(pki.Centre);
        var watch = Stopwatch.StartNew();
        var accepting = new TlsHandshake(serverSettings, refusals, timeout: TimeSpan.FromSeconds(60)).AuthenticateServerAsync(connection.ServerStream, connection.Peer).AsTask();

        await connection.ClientStream.WriteAsync("a.b 1 2\n"u8.ToArray());

        var refused = await Assert.ThrowsAsync<TlsRefusedException>(() => accepting);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"refused after {watch.Elapsed}, not at once");
        Assert.Equal(TlsRefusalReason.NotTls, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.NotTls));
        Assert.Equal(0, await ReadOrResetAsync(connection.ClientStream));
    }

    [Fact]
    public async Task A_client_that_sends_nothing_is_refused_at_the_handshake_timeout_and_counted_as_not_TLS()
    {
        var refusals = new TlsRefusals();
        using var connection = await LoopbackConnection.OpenAsync();
        using var serverSettings = pki.Settings(pki.Centre);
        var watch = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<TlsRefusedException>(() =>
            new TlsHandshake(serverSettings, refusals, timeout: TimeSpan.FromMilliseconds(300)).AuthenticateServerAsync(connection.ServerStream, connection.Peer).AsTask());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"refused after {watch.Elapsed}");
        Assert.Equal(TlsRefusalReason.NotTls, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.NotTls));
        Assert.Equal(0, await ReadOrResetAsync(connection.ClientStream));
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused_by_the_client()
    {
        var refusals = new TlsRefusals();

        var refused = await ClientRefusesAsync(refusals, TlsSettings.FromCertificates(pki.Stranger, pki.OtherCa.Certificate), "localhost");

        Assert.Equal(TlsRefusalReason.UnknownCa, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.UnknownCa));
    }

    [Fact]
    public async Task An_expired_server_certificate_is_refused_by_the_client()
    {
        var refusals = new TlsRefusals();

        var refused = await ClientRefusesAsync(refusals, pki.Settings(pki.Expired), "localhost");

        Assert.Equal(TlsRefusalReason.Expired, refused.Reason);
    }

    [Theory]
    [InlineData("centre.dc1.example.org")]
    [InlineData("127.0.0.2")]
    public async Task A_server_certificate_that_does_not_name_the_host_is_refused_by_the_client(string host)
    {
        var refusals = new TlsRefusals();

        var refused = await ClientRefusesAsync(refusals, pki.Settings(pki.Centre), host);

        Assert.Equal(TlsRefusalReason.NameMismatch, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.NameMismatch));
        Assert.Contains(host, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The server refuses a client holding <paramref name="client"/>; the client is closed, during its
    /// handshake or (TLS 1.3, where the client finishes first) on its first read.</summary>
    private async Task<(TlsRefusedException Refused, string Peer)> ServerRefusesAsync(TlsRefusals refusals, TlsSettings client)
    {
        using var clientSettings = client;
        using var connection = await LoopbackConnection.OpenAsync();
        using var serverSettings = pki.Settings(pki.Centre);
        var accepting = new TlsHandshake(serverSettings, refusals).AuthenticateServerAsync(connection.ServerStream, connection.Peer).AsTask();
        var connecting = new TlsHandshake(clientSettings, new TlsRefusals()).AuthenticateClientAsync(connection.ClientStream, "localhost").AsTask();

        var refused = await Assert.ThrowsAsync<TlsRefusedException>(() => accepting);
        try
        {
            await using var stream = await connecting;
            Assert.Equal(0, await ReadOrResetAsync(stream));
        }
        catch (TlsRefusedException)
        {
        }

        return (refused, connection.Peer);
    }

    /// <summary>A client trusting the test CA connects to <paramref name="host"/>, a server holding <paramref name="server"/>;
    /// the server is closed, during its handshake or on its first read.</summary>
    private async Task<TlsRefusedException> ClientRefusesAsync(TlsRefusals refusals, TlsSettings server, string host)
    {
        using var serverSettings = server;
        using var connection = await LoopbackConnection.OpenAsync();
        using var clientSettings = pki.Settings(pki.Relay);
        var accepting = new TlsHandshake(serverSettings, new TlsRefusals()).AuthenticateServerAsync(connection.ServerStream, connection.Peer).AsTask();

        var refused = await Assert.ThrowsAsync<TlsRefusedException>(() =>
            new TlsHandshake(clientSettings, refusals).AuthenticateClientAsync(connection.ClientStream, host).AsTask());

        // The server may have finished its side before the client checked the certificate and closed.
        try
        {
            await using var stream = await accepting;
            Assert.Equal(0, await ReadOrResetAsync(stream));
        }
        catch (TlsRefusedException)
        {
        }

        return refused;
    }

    private static async Task AssertClosedAsync(Task handshake, Stream stream)
    {
        try
        {
            await handshake;
            Assert.Equal(0, await ReadOrResetAsync(stream));
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
        }
    }

    /// <summary>0 when the peer closed the connection, whether it shows as the end of the stream or as a reset.</summary>
    private static async Task<int> ReadOrResetAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return await stream.ReadAsync(new byte[16], timeout.Token);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<string> ReadTextAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }
}

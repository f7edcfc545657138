using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Forward;
using Mine.Relay.Security;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// Mutual TLS between real processes: certificates made by running <c>mine cert</c>, a <c>mine relay</c> forwarding to
/// a <c>mine serve --forward-listen</c>. What is refused is refused by the right end, counted under the right reason
/// and logged, serve stays healthy, and the relay keeps every refused point on disk until a link that works
/// delivers it.
/// </summary>
public sealed class TlsRelayProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-tls-").FullName;
    private readonly long _base = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 3600;

    public void Dispose() => RelayE2E.DeleteQuietly(_root);

    [Fact]
    public async Task Relay_and_serve_with_mutual_TLS_from_mine_cert_deliver_every_point_with_its_value()
    {
        var pki = await RelayPki.CreateAsync(Path.Combine(_root, "pki"));
        var forward = RelayLauncher.FreePort();
        using var serve = await MineProcess.StartAsync(Path.Combine(_root, "data"), settings: pki.ServeSettings(forward));
        using var relay = await StartRelayAsync(forward, pki.RelayFlags());
        var points = Points("tls.ok", 40, 10);

        await RelayE2E.SendLinesAsync(relay.PlaintextPort, points.Select(p => RelayE2E.Line(p.Name, p.Value, p.Time)));

        await WaitStoredAsync(serve, relay, points.Count);
        await AssertRenderedAsync(serve, "tls.ok.*", points);
        Assert.Equal(points.Count, await relay.MetricAsync("mine_relay_points_acknowledged_total"));
        Assert.Equal(0, await TlsRefusalsAsync(serve));
        Assert.Contains($"  forward      tcp 127.0.0.1:{forward}, mutual TLS\n", serve.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("without TLS", relay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_certified_by_another_CA_is_refused_as_unknown_CA_keeps_its_points_and_delivers_them_all_once_restarted_with_the_right_certificate()
    {
        var pki = await RelayPki.CreateAsync(Path.Combine(_root, "pki"));
        var other = Path.Combine(_root, "other");
        await RelayLauncher.RunOkAsync("cert", "ca", "--out", other);
        await RelayLauncher.RunOkAsync("cert", "node", "--ca", other, "--name", "intruder", "--out", other);
        // The intruder trusts our CA (it could have read ca.crt anywhere): the handshake gets as far as serve
        // checking the intruder's own certificate, which is what is tested.
        var trust = Path.Combine(other, "trust.crt");
        await File.WriteAllTextAsync(trust, await File.ReadAllTextAsync(Path.Combine(other, "ca.crt")) + await File.ReadAllTextAsync(pki.CaCert));
        var forward = RelayLauncher.FreePort();
        var buffer = Path.Combine(_root, "buffer");
        using var serve = await MineProcess.StartAsync(Path.Combine(_root, "data"), settings: pki.ServeSettings(forward));
        var points = Points("tls.foreign", 30, 10);

        using (var intruder = await StartRelayAsync(forward, pki.RelayFlags(Path.Combine(other, "intruder.crt"), Path.Combine(other, "intruder.key"), trust), buffer))
        {
            await RelayE2E.SendLinesAsync(intruder.PlaintextPort, points.Select(p => RelayE2E.Line(p.Name, p.Value, p.Time)));
            await RelayE2E.EventuallyAsync(async () => await intruder.MetricAsync($"mine_relay_destination_chunks_queued{{destination=\"127.0.0.1:{forward}\"}}") > 0
                    && await intruder.MetricAsync($"mine_relay_destination_points_queued{{destination=\"127.0.0.1:{forward}\"}}") == points.Count,
                TimeSpan.FromSeconds(20), () => Task.FromResult(intruder.Output));
            var refusedBefore = await serve.MetricAsync("mine_tls_refused_total{reason=\"unknown_ca\"}");
            // A connection attempt made while the points wait sealed: refused too.
            await RelayE2E.EventuallyAsync(async () => await serve.MetricAsync("mine_tls_refused_total{reason=\"unknown_ca\"}") > refusedBefore,
                TimeSpan.FromSeconds(30), () => Task.FromResult(serve.Output + intruder.Output));

            Assert.Equal(0, await serve.MetricAsync("mine_forward_chunks_received_total"));
            Assert.Equal(0, await serve.MetricAsync("mine_forward_points_stored_total"));
            Assert.Equal(await TlsRefusalsAsync(serve), await serve.MetricAsync("mine_tls_refused_total{reason=\"unknown_ca\"}"));
            Assert.Contains("unknown_ca (certificate CN=intruder", serve.Output, StringComparison.Ordinal);
            Assert.Equal(points.Count, await intruder.MetricAsync("mine_relay_points_buffered_total"));
            Assert.Equal(points.Count, await intruder.MetricAsync($"mine_relay_destination_points_queued{{destination=\"127.0.0.1:{forward}\"}}"));
            Assert.Equal(0, await intruder.MetricAsync($"mine_relay_destination_up{{destination=\"127.0.0.1:{forward}\"}}"));
            Assert.Equal(0, await intruder.StopAsync());
        }

        using var relay = await StartRelayAsync(forward, pki.RelayFlags(), buffer);
        await WaitStoredAsync(serve, relay, points.Count);
        await AssertRenderedAsync(serve, "tls.foreign.*", points);
        Assert.Equal(points.Count, await relay.MetricAsync("mine_relay_points_acknowledged_total"));
        Assert.Contains("waiting from before", relay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_relay_certificate_stops_the_relay_at_start_and_a_peer_showing_one_is_refused_by_serve_as_expired()
    {
        var pki = await RelayPki.CreateAsync(Path.Combine(_root, "pki"));
        var now = DateTimeOffset.UtcNow;
        using var ca = CertificateAuthority.Load(pki.CaCert, pki.CaKey);
        // mine cert's CA starts an hour back (clock skew): the certificate lived within that hour and ended 5 minutes ago.
        using var expired = ca.Issue("relay-expired", [], [], new DateTimeOffset(ca.Certificate.NotBefore.ToUniversalTime()), now.AddMinutes(-5));
        var (cert, key) = (Path.Combine(_root, "expired.crt"), Path.Combine(_root, "expired.key"));
        PemFiles.WriteCertificate(cert, expired, overwrite: false);
        PemFiles.WritePrivateKey(key, expired, overwrite: false);
        var forward = RelayLauncher.FreePort();

        var (code, output) = await RelayLauncher.RunAsync(["relay", "--http", "127.0.0.1:0", "--plaintext", "off", "--pickle", "off", "--collectd", "off",
            "--buffer", Path.Combine(_root, "buffer"), "--forward-to", $"127.0.0.1:{forward}", .. pki.RelayFlags(cert, key)]);
        Assert.True(code == 2, $"exit code {code}\n{output}");
        Assert.Contains("--tls-cert", output, StringComparison.Ordinal);
        Assert.Contains("expired", output, StringComparison.OrdinalIgnoreCase);

        // A peer that does not check its own certificate (an old or foreign client) still meets serve's check.
        using var serve = await MineProcess.StartAsync(Path.Combine(_root, "data"), settings: pki.ServeSettings(forward));
        using var caCertificate = X509CertificateLoader.LoadCertificateFromFile(pki.CaCert);
        using var settings = TlsSettings.FromCertificates(expired, caCertificate);
        await TryForwardHelloAsync(forward, new TlsHandshake(settings, new TlsRefusals()));

        await RelayE2E.EventuallyAsync(async () => await serve.MetricAsync("mine_tls_refused_total{reason=\"expired\"}") == 1,
            TimeSpan.FromSeconds(20), () => Task.FromResult(serve.Output));
        Assert.Equal(1, await TlsRefusalsAsync(serve));
        Assert.Contains("expired", serve.Output[serve.Output.IndexOf("tls: refused", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(0, await serve.MetricAsync("mine_forward_chunks_received_total"));
        Assert.True((await serve.Http.GetAsync("/health")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_plaintext_carbon_line_on_the_TLS_forward_port_is_refused_at_once_as_not_TLS_and_serve_stays_healthy()
    {
        var pki = await RelayPki.CreateAsync(Path.Combine(_root, "pki"));
        var forward = RelayLauncher.FreePort();
        using var serve = await MineProcess.StartAsync(Path.Combine(_root, "data"), settings: pki.ServeSettings(forward));
        var clock = Stopwatch.StartNew();

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, forward);
            await client.GetStream().WriteAsync("a.b 1 2\n"u8.ToArray());
            var answer = new byte[64];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
            try
            {
                Assert.Equal(0, await client.GetStream().ReadAsync(answer, timeout.Token));
            }
            catch (IOException)
            {
                // reset: closed as well
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed after {clock.Elapsed}: the refusal waited for the handshake timeout");
        await RelayE2E.EventuallyAsync(async () => await serve.MetricAsync("mine_tls_refused_total{reason=\"not_tls\"}") == 1,
            TimeSpan.FromSeconds(10), () => Task.FromResult(serve.Output));
        Assert.Equal(1, await TlsRefusalsAsync(serve));
        Assert.Contains("not_tls", serve.Output, StringComparison.Ordinal);
        Assert.Equal(0, await serve.MetricAsync("mine_forward_chunks_received_total"));
        Assert.True((await serve.Http.GetAsync("/health")).IsSuccessStatusCode);

        // Still healthy: a relay with the right certificate is served next.
        using var relay = await StartRelayAsync(forward, pki.RelayFlags());
        var points = Points("tls.after", 5, 4);
        await RelayE2E.SendLinesAsync(relay.PlaintextPort, points.Select(p => RelayE2E.Line(p.Name, p.Value, p.Time)));
        await WaitStoredAsync(serve, relay, points.Count);
        await AssertRenderedAsync(serve, "tls.after.*", points);
    }

    [Fact]
    public async Task A_relay_speaking_TLS_to_a_plaintext_forward_port_reports_the_destination_down_and_loses_nothing()
    {
        var pki = await RelayPki.CreateAsync(Path.Combine(_root, "pki"));
        var forward = RelayLauncher.FreePort();
        var data = Path.Combine(_root, "data");
        using var relay = await StartRelayAsync(forward, pki.RelayFlags());
        var points = Points("tls.mismatch", 20, 10);
        var destination = $"{{destination=\"127.0.0.1:{forward}\"}}";

        using (var plain = await MineProcess.StartAsync(data, settings: pki.ServeSettings(forward, tls: false)))
        {
            await RelayE2E.SendLinesAsync(relay.PlaintextPort, points.Select(p => RelayE2E.Line(p.Name, p.Value, p.Time)));
            await RelayE2E.EventuallyAsync(async () => await plain.MetricAsync("mine_forward_refused_total{reason=\"NotForwardProtocol\"}") > 0
                    && await relay.MetricAsync($"mine_relay_destination_chunks_queued{destination}") > 0,
                TimeSpan.FromSeconds(30), () => Task.FromResult(plain.Output + relay.Output));

            Assert.Contains("TLS is on at one end of this link only", plain.Output, StringComparison.Ordinal);
            Assert.Equal(0, await plain.MetricAsync("mine_forward_points_stored_total"));
            Assert.Equal(0, await relay.MetricAsync($"mine_relay_destination_up{destination}"));
            Assert.Contains($"forward to 127.0.0.1:{forward}:", relay.Output, StringComparison.Ordinal);
            Assert.True(await relay.MetricAsync("mine_relay_tls_refused_total{reason=\"handshake_failed\"}") > 0, relay.Output);
            Assert.DoesNotContain("fail:", relay.Output, StringComparison.Ordinal); // a refused link is a warning, not a bug's stack
            var health = await relay.Http.GetStringAsync("/health");
            Assert.Contains($"loop forward-127.0.0.1:{forward}: failing", health, StringComparison.Ordinal);
            Assert.Equal(points.Count, await relay.MetricAsync($"mine_relay_destination_points_queued{destination}"));
            await plain.StopAsync();
        }

        // The operator turns TLS on at the other end: the relay's next attempt delivers the backlog.
        using var serve = await MineProcess.StartAsync(data, settings: pki.ServeSettings(forward));
        await WaitStoredAsync(serve, relay, points.Count);
        await AssertRenderedAsync(serve, "tls.mismatch.*", points);
    }

    private Task<RelayLauncher> StartRelayAsync(int forward, string[] tls, string? buffer = null) =>
        RelayLauncher.StartAsync(["--buffer", buffer ?? Path.Combine(_root, "buffer"), "--forward-to", $"127.0.0.1:{forward}", "--flush-interval", "0.2", .. tls]);

    /// <summary><paramref name="series"/> series × <paramref name="steps"/> minutes, a distinct value each.</summary>
    private List<(string Name, long Time, double Value)> Points(string prefix, int series, int steps) =>
        [.. from s in Enumerable.Range(0, series) from t in Enumerable.Range(0, steps) select ($"{prefix}.s{s}", _base + (t * 60L), (s * 100) + t + 0.25)];

    private static async Task WaitStoredAsync(MineProcess serve, RelayLauncher relay, int count)
    {
        await RelayE2E.EventuallyAsync(async () => await serve.MetricAsync("mine_forward_points_stored_total") >= count,
            TimeSpan.FromSeconds(60), () => Task.FromResult($"serve:\n{serve.Output}\nrelay:\n{relay.Output}"));
        Assert.Equal(count, await serve.MetricAsync("mine_forward_points_stored_total"));
        Assert.Equal(0, await serve.MetricAsync("mine_forward_chunks_duplicate_total"));
    }

    private async Task AssertRenderedAsync(MineProcess serve, string target, List<(string Name, long Time, double Value)> points)
    {
        var rendered = await RelayE2E.RenderAsync(serve.Http, target, _base - 60, _base + 3600);
        var problems = RelayE2E.Differences(points, rendered);
        Assert.True(problems.Count == 0, $"{problems.Count} of {points.Count} points wrong: {string.Join(", ", problems.Take(10))}");
        Assert.Equal(points.Count, rendered.Values.Sum(p => p.Count));
    }

    private static async Task<double> TlsRefusalsAsync(MineProcess serve)
    {
        var page = await serve.Http.GetStringAsync("/_internal/metrics");
        return TlsRefusals.Reasons.Sum(r => RelayLauncher.Metric(page, $"mine_tls_refused_total{{reason=\"{TlsRefusals.MetricName(r)}\"}}"));
    }

    /// <summary>A TLS handshake with <paramref name="handshake"/>'s certificate, then a forward hello, reading until
    /// the receiver closes: whatever fails on the way is the refusal under test.</summary>
    private static async Task TryForwardHelloAsync(int port, TlsHandshake handshake)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        try
        {
            await using var stream = await handshake.AuthenticateClientAsync(client.GetStream(), "127.0.0.1");
            await stream.WriteAsync(new ForwardHello(ForwardHello.LowestSupported, ForwardHello.HighestSupported, 0, 65536).ToArray());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var answer = new byte[64];
            while (await stream.ReadAsync(answer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or TlsRefusedException or System.Security.Authentication.AuthenticationException)
        {
        }
    }
}

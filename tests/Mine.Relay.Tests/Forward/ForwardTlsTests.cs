using Mine.Relay.Forward;
using Mine.Relay.Security;
using Mine.Relay.Tests.Security;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

/// <summary>The forward protocol inside Security's mutual TLS, plugged in as the host does: the TLS handshake as the
/// listener's stream wrapper and around the client's TCP connection.</summary>
public sealed class ForwardTlsTests(ITestOutputHelper output, TestPki pki) : IClassFixture<TestPki>
{
    [Fact]
    public async Task Chunks_cross_mutual_TLS_and_are_stored_once()
    {
        var serverRefusals = new TlsRefusals();
        await using var rig = TlsRig(serverRefusals);
        rig.StartListener();
        var chunks = TestChunks.Many(30);
        using var source = new FakeChunkSource(chunks);
        using var relay = pki.Settings(pki.Relay);

        var client = rig.StartClient(source, wrap: Tls(relay, new TlsRefusals()));
        await source.AllDone(TimeSpan.FromSeconds(30));

        Assert.All(chunks, c => Assert.Equal(1, rig.Store.StoreCounts[c.Id]));
        Assert.Equal(0, serverRefusals.Total);
        Assert.Equal(0, client.Counters.ConnectionFailures);
    }

    [Fact]
    public async Task A_relay_with_a_certificate_of_another_CA_is_refused_by_TLS_and_counted_by_the_listener()
    {
        var serverRefusals = new TlsRefusals();
        await using var rig = TlsRig(serverRefusals);
        var listener = rig.StartListener();
        using var source = new FakeChunkSource([TestChunks.Make(1)]);
        using var stranger = TlsSettings.FromCertificates(pki.Stranger, pki.OtherCa.Certificate);

        var client = rig.StartClient(source, wrap: Tls(stranger, new TlsRefusals()));
        await ForwardRig.WaitUntil(() => client.Counters.ConnectionFailures >= 2, "the relay has been refused twice");

        Assert.True(serverRefusals.Total >= 1); // which reason depends on which end gives up first
        Assert.Contains("TLS", client.Status().LastError, StringComparison.OrdinalIgnoreCase);
        Assert.True(listener.Counters.RefusedFor(ForwardRefusal.TransportFailed) >= 1);
        Assert.Equal(0, listener.Counters.Sessions);
        Assert.Empty(rig.Store.StoreCounts);
    }

    [Fact]
    public async Task A_plaintext_forward_client_on_the_TLS_port_is_refused_at_once()
    {
        var serverRefusals = new TlsRefusals();
        await using var rig = TlsRig(serverRefusals);
        var listener = rig.StartListener();

        var (_, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, RawPeer.Hello(), seconds: 5);

        Assert.True(closed);
        await ForwardRig.WaitUntil(() => listener.Counters.RefusedFor(ForwardRefusal.TransportFailed) == 1, "the refusal is counted");
        Assert.Equal(1, serverRefusals.Count(TlsRefusalReason.NotTls));
    }

    [Fact]
    public async Task A_TLS_relay_on_a_plaintext_forward_port_is_named_as_TLS_on_one_end_only()
    {
        await using var rig = new ForwardRig(output);
        var listener = rig.StartListener();
        using var source = new FakeChunkSource([TestChunks.Make(1)]);
        using var relay = pki.Settings(pki.Relay);

        var client = rig.StartClient(source, wrap: Tls(relay, new TlsRefusals()));
        await ForwardRig.WaitUntil(() => listener.Counters.RefusedFor(ForwardRefusal.NotForwardProtocol) >= 1, "the receiver has refused the TLS hello");

        Assert.True(rig.Log.Contains("which looks like TLS (TLS is on at one end of this link only"));
        await rig.StopClientsAsync();
        Assert.Equal(0, source.InFlight);
        Assert.True(client.Counters.ConnectionFailures >= 1);
        // A refusal of the link is a warning: no stack, as for any other way a link fails.
        Assert.Contains(rig.Log.Lines, l => l.Level == ForwardLogLevel.Warning && l.Message.Contains("TLS refused", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Log.Lines, l => l.Level == ForwardLogLevel.Error);
    }

    private ForwardRig TlsRig(TlsRefusals refusals)
    {
        var centre = pki.Settings(pki.Centre);
        var handshake = new TlsHandshake(centre, refusals);
        return new ForwardRig(output, ForwardRig.FastReceiver with
        {
            WrapStream = (stream, peer, ct) => handshake.AuthenticateServerAsync(stream, peer, ct),
        });
    }

    private static Func<Func<CancellationToken, ValueTask<Stream>>, Func<CancellationToken, ValueTask<Stream>>> Tls(TlsSettings settings, TlsRefusals refusals)
    {
        var handshake = new TlsHandshake(settings, refusals);
        return connect => async ct => await handshake.AuthenticateClientAsync(await connect(ct), "127.0.0.1", cancellation: ct);
    }
}

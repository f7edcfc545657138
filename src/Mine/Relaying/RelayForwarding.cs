using Microsoft.Extensions.Logging;
using Mine.Relay.Buffer;
using Mine.Relay.Carbon;
using Mine.Relay.Forward;
using Mine.Relay.Routing;
using Mine.Relay.Security;

namespace Mine.Relaying;

/// <summary>
/// What a relay forwards with: the disk buffer (one queue per destination), the router, the intake the listeners
/// feed, and one forwarder per destination (a <see cref="ForwardClient"/> to a Mine, a <see cref="CarbonForwarder"/>
/// to carbon). Their loops are run by <see cref="RelayLoops"/> under the supervisor.
/// </summary>
internal sealed class RelayForwarding : IDisposable
{
    private RelayForwarding(RelayPlan plan, ChunkBuffer buffer, IPointRouter router, ILogger logger)
    {
        Plan = plan;
        Buffer = buffer;
        Router = router;
        Logger = logger;
        Intake = new RelayIntake(buffer, router, Up);
    }

    public RelayPlan Plan { get; }

    public ChunkBuffer Buffer { get; }

    public IPointRouter Router { get; }

    public RelayIntake Intake { get; }

    public ILogger Logger { get; }

    public List<ForwardClient> Clients { get; } = [];

    public List<CarbonForwarder> Carbon { get; } = [];

    /// <summary>TLS handshakes this relay refused as a client (the destination's certificate).</summary>
    public TlsRefusals Refusals { get; private set; } = new();

    public static RelayForwarding Open(RelayPlan plan, TlsSettings? tls, ILogger logger)
    {
        var router = plan.Router;
        var keys = plan.Destinations.Select(BufferKeys.For).ToList();
        var buffer = ChunkBuffer.Open(plan.BufferDirectory, keys, plan.Buffer, message => logger.LogWarning("{Message}", message));
        var forwarding = new RelayForwarding(plan, buffer, router, logger);
        forwarding.Refusals = new TlsRefusals(message => logger.LogWarning("forward: {Message}", message));
        var handshake = tls is null ? null : new TlsHandshake(tls, forwarding.Refusals);
        if (tls is null && plan.MineDestinations > 0)
        {
            logger.LogWarning("forwarding to Mine without TLS: give --tls-cert, --tls-key and --tls-ca (see mine cert) so that only your own nodes exchange data");
        }

        for (var d = 0; d < plan.Destinations.Count; d++)
        {
            var destination = plan.Destinations[d];
            var source = buffer.Source(d);
            var tcp = ForwardTcp.Connector(destination.Host, destination.Port);
            if (d < plan.MineDestinations)
            {
                var connect = handshake is null ? tcp : Secured(tcp, handshake, destination);
                forwarding.Clients.Add(new ForwardClient(destination.ToString(), source, connect, log: ForwardLogging.To(logger, "relay")));
            }
            else
            {
                forwarding.Carbon.Add(new CarbonForwarder(destination.ToString(), source, tcp, plan.CarbonProtocol, message => logger.LogWarning("{Message}", message)));
            }
        }

        logger.LogInformation("relay: {Count} destinations ({Route}, {Replicas} replicas), buffer {Directory}, limit {Limit:N0} bytes, overflow {Overflow}",
            plan.Destinations.Count, router.Name, plan.Replicas, plan.BufferDirectory, plan.Buffer.TotalLimitBytes, plan.Buffer.Overflow);
        return forwarding;
    }

    /// <summary>Per destination, whether it is reachable now (for <c>any_of</c>): connected, or not failing yet.</summary>
    public bool[] Up()
    {
        var up = new bool[Plan.Destinations.Count];
        for (var i = 0; i < Clients.Count; i++)
        {
            up[i] = Clients[i].Status().DownSince is null;
        }

        for (var i = 0; i < Carbon.Count; i++)
        {
            up[Clients.Count + i] = Interlocked.Read(ref Carbon[i].Counters.Connected) == 1 || Interlocked.Read(ref Carbon[i].Counters.ConnectionFailures) == 0;
        }

        return up;
    }

    public void Dispose() => Buffer.Dispose();

    private static Func<CancellationToken, ValueTask<Stream>> Secured(Func<CancellationToken, ValueTask<Stream>> tcp, TlsHandshake handshake, Destination destination) =>
        async cancellation =>
        {
            var stream = await tcp(cancellation).ConfigureAwait(false);
            try
            {
                return await handshake.AuthenticateClientAsync(stream, destination.Host, destination.ToString(), cancellation).ConfigureAwait(false);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        };
}

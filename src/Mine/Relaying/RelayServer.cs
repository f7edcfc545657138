using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Api;
using Mine.Hosting;
using Mine.Ingestion;
using Mine.Listeners;
using Mine.Relay.Buffer;
using Mine.Relay.Routing;
using Mine.Relay.Security;

namespace Mine.Relaying;

/// <summary>
/// The host of `mine relay`: the same listeners as `serve`, feeding a <see cref="RelayIntake"/> (router and disk
/// buffer) instead of storage; one forwarder per destination; /health and /_internal/metrics. Configuration is read
/// as `serve` reads it (appsettings.json, MINE__ variables, flags), the relay's own settings under Mine:Relay.
/// </summary>
public static class RelayServer
{
    public static Task<int> RunAsync(IDictionary<string, string?> overrides, CancellationToken cancellationToken) =>
        HostSetup.RunAsync("mine relay", () => Build(overrides), cancellationToken);

    public static WebApplication Build(IDictionary<string, string?> overrides)
    {
        var (builder, options) = HostSetup.CreateBuilder(overrides, OptionsScope.Relay);
        var plan = RelayPlan.From(options);
        var addresses = ListenAddresses.From(options);
        var (httpEndPoint, plaintextEndPoint, pickleEndPoint, collectdEndPoint, forwardEndPoint) = addresses;
        var tls = TlsSettings.Load(options.TlsCert, options.TlsKey, options.TlsCa);

        // Before the buffer opens (recovering a large one takes a while): a busy port or an unusable folder is said at once.
        addresses.Check();
        FolderCheck.Writable("--buffer", BufferKey, options.Relay.Buffer);

        var accessWarnings = new List<string>();
        var https = AccessSetup.Register(builder, options, httpEndPoint, Access.HttpAccess.ForRelay, accessWarnings);
        builder.Services.AddSingleton<LoopRegistry>();
        builder.Services.AddSingleton<LoopSupervisor>();
        builder.Services.AddSingleton(sp => MineServer.TcpSettings(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Listeners")));
        builder.Services.AddSingleton(sp => RelayForwarding.Open(plan, tls, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Relay")));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<RelayForwarding>().Intake);
        builder.Services.AddSingleton<IPointIntake>(sp => sp.GetRequiredService<RelayIntake>());

        // Hosted services stop in reverse order: the forwarding (buffer, sealing, destinations) stops after every
        // listener, so the last points a listener hands over still reach a chunk file.
        builder.Services.AddHostedService(sp => new RelayLoops(sp.GetRequiredService<RelayForwarding>(), sp.GetRequiredService<LoopSupervisor>()));
        builder.Services.AddHostedService<SelfMetricsReporter>();
        builder.Services.AddSingleton<RequestCounters>();
        builder.Services.AddHostedService(sp => new MemoryReclaimer(sp.GetRequiredService<RequestCounters>(),
            MemoryReclaimer.RelayCollectAfterBytes, MemoryReclaimer.RelayCompactAboveBytes, MemoryReclaimer.RelayCompactionInterval));
        if (plaintextEndPoint is not null)
        {
            HostSetup.AddListener(builder.Services, sp => new PlaintextTcpListener(plaintextEndPoint, Intake(sp), new ListenerCounters("plaintext", "tcp"), Tcp(sp), Supervisor(sp), Logger<PlaintextTcpListener>(sp)));
            HostSetup.AddListener(builder.Services, sp => new PlaintextUdpListener(plaintextEndPoint, Intake(sp), new ListenerCounters("plaintext", "udp"), Supervisor(sp), Logger<PlaintextUdpListener>(sp)));
        }

        if (collectdEndPoint is not null)
        {
            var security = CollectdSettings.Security(options);
            var converter = CollectdSettings.Converter(options);
            HostSetup.AddListener(builder.Services, sp => new CollectdUdpListener(collectdEndPoint, security, converter, Intake(sp),
                events: null, fleet: null, new ListenerCounters("collectd", "udp") { GraphiteHosts = false }, Supervisor(sp), Logger<CollectdUdpListener>(sp)));
        }

        if (pickleEndPoint is not null)
        {
            HostSetup.AddListener(builder.Services, sp => new PickleTcpListener(pickleEndPoint, Intake(sp), new ListenerCounters("pickle", "tcp"), Tcp(sp), Supervisor(sp), Logger<PickleTcpListener>(sp)));
        }

        if (forwardEndPoint is not null)
        {
            builder.Services.AddSingleton(sp => new ForwardReceiverService(forwardEndPoint, plan.BufferDirectory, new BufferChunkStore(sp.GetRequiredService<RelayIntake>()), tls,
                sp.GetRequiredService<LoopRegistry>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Forward")));
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ForwardReceiverService>());
            builder.Services.AddSingleton<IMetricSource>(sp => sp.GetRequiredService<ForwardReceiverService>());
        }

        builder.Services.AddSingleton<RelayMetrics>();
        builder.Services.AddSingleton<IMetricsCollector>(sp => sp.GetRequiredService<RelayMetrics>());
        var app = builder.Build();
        try
        {
            _ = app.Services.GetRequiredService<RelayForwarding>(); // opens the buffer before any listener starts: a folder in use or unreadable stops the start with one line
        }
        catch (Core.Errors.FolderInUseException ex)
        {
            throw FolderCheck.InUse("--buffer", BufferKey, ex);
        }

        var summary = app.Services.GetRequiredService<StartupSummary>();
        summary.Title = $"mine {StartupSummary.Version} relaying";
        summary.Add("buffer", $"{plan.BufferDirectory} (limit {options.Relay.BufferLimit}, when full: {options.Relay.Overflow})");
        StartupLines.AddListeners(summary, app, addresses, options, forwardEndPoint is null ? null : app.Services.GetRequiredService<ForwardReceiverService>().Describe);
        summary.Add("forward to", plan.MineDestinations == 0 ? "none" : $"{string.Join(", ", options.Relay.ForwardTo)} ({(tls is null ? "plain TCP" : "mutual TLS")})");
        summary.Add("carbon to", options.Relay.CarbonTo.Count == 0 ? "none" : $"{string.Join(", ", options.Relay.CarbonTo)} ({options.Relay.CarbonProtocol})");
        summary.Add("route", $"{options.Relay.Route}, {options.Relay.Replicas} replica(s)");
        StartupLines.AddConfig(summary, app.Services);
        AccessSetup.Apply(app, https, accessWarnings, summary);
        app.UseInternalErrors(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Api"));
        app.MapGet("/health", (RelayMetrics metrics) => Health(metrics.Check(), live: false));
        app.MapGet("/health/live", (RelayMetrics metrics) => Health(metrics.Check(), live: true));
        app.MapGet("/_internal/metrics", (RelayMetrics metrics) =>
            Results.Text(MineMetrics.RenderPrometheusText(metrics.Collect()), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }

    private static IResult Health(HealthReport report, bool live) =>
        Results.Text(report.Text + "\n", "text/plain", statusCode: (live ? report.Live : report.Ok) ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);

    private const string BufferKey = $"{MineOptions.Section}:{nameof(MineOptions.Relay)}:{nameof(RelaySettings.Buffer)}";

    private static RelayIntake Intake(IServiceProvider sp) => sp.GetRequiredService<RelayIntake>();

    private static LoopSupervisor Supervisor(IServiceProvider sp) => sp.GetRequiredService<LoopSupervisor>();

    private static TcpListenerSettings Tcp(IServiceProvider sp) => sp.GetRequiredService<TcpListenerSettings>();

    private static ILogger<T> Logger<T>(IServiceProvider sp) => sp.GetRequiredService<ILogger<T>>();
}

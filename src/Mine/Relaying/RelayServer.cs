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
    public static async Task<int> RunAsync(IDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = Build(overrides);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or InvalidOperationException or Core.Errors.MineUserException)
        {
            await Console.Error.WriteLineAsync($"mine relay: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            var loops = app.Services.GetRequiredService<LoopRegistry>();
            var services = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return MineServer.ExitCode(loops, services);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"mine relay: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static WebApplication Build(IDictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        var options = builder.Configuration.GetSection(MineOptions.Section).Get<MineOptions>() ?? new MineOptions();
        var plan = RelayPlan.From(options);
        var httpEndPoint = EndpointSpec.Parse("http", options.Http);
        var plaintextEndPoint = EndpointSpec.Parse("plaintext", options.Plaintext);
        var pickleEndPoint = EndpointSpec.Parse("pickle", options.Pickle);
        var collectdEndPoint = EndpointSpec.Parse("collectd", options.Collectd);
        var forwardEndPoint = EndpointSpec.Parse("forward-listen", options.ForwardListen);
        var tls = TlsSettings.Load(options.TlsCert, options.TlsKey, options.TlsCa);

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (httpEndPoint is not null)
            {
                kestrel.Listen(httpEndPoint);
            }
        });
        if (httpEndPoint is null)
        {
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        }

        builder.Services.AddSingleton(options);
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
        builder.Services.AddHostedService<MemoryReclaimer>();
        if (plaintextEndPoint is not null)
        {
            AddListener(builder.Services, sp => new PlaintextTcpListener(plaintextEndPoint, Intake(sp), new ListenerCounters("plaintext", "tcp"), Tcp(sp), Supervisor(sp), Logger<PlaintextTcpListener>(sp)));
            AddListener(builder.Services, sp => new PlaintextUdpListener(plaintextEndPoint, Intake(sp), new ListenerCounters("plaintext", "udp"), Supervisor(sp), Logger<PlaintextUdpListener>(sp)));
        }

        if (collectdEndPoint is not null)
        {
            var security = CollectdSettings.Security(options);
            var converter = CollectdSettings.Converter(options);
            AddListener(builder.Services, sp => new CollectdUdpListener(collectdEndPoint, security, converter, Intake(sp),
                events: null, fleet: null, new ListenerCounters("collectd", "udp") { GraphiteHosts = false }, Supervisor(sp), Logger<CollectdUdpListener>(sp)));
        }

        if (pickleEndPoint is not null)
        {
            AddListener(builder.Services, sp => new PickleTcpListener(pickleEndPoint, Intake(sp), new ListenerCounters("pickle", "tcp"), Tcp(sp), Supervisor(sp), Logger<PickleTcpListener>(sp)));
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
        app.UseInternalErrors(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Api"));
        app.MapGet("/health", (RelayMetrics metrics) => Health(metrics.Check(), live: false));
        app.MapGet("/health/live", (RelayMetrics metrics) => Health(metrics.Check(), live: true));
        app.MapGet("/_internal/metrics", (RelayMetrics metrics) =>
            Results.Text(MineMetrics.RenderPrometheusText(metrics.Collect()), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }

    private static IResult Health(HealthReport report, bool live) =>
        Results.Text(report.Text + "\n", "text/plain", statusCode: (live ? report.Live : report.Ok) ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);

    private static RelayIntake Intake(IServiceProvider sp) => sp.GetRequiredService<RelayIntake>();

    private static LoopSupervisor Supervisor(IServiceProvider sp) => sp.GetRequiredService<LoopSupervisor>();

    private static TcpListenerSettings Tcp(IServiceProvider sp) => sp.GetRequiredService<TcpListenerSettings>();

    private static ILogger<T> Logger<T>(IServiceProvider sp) => sp.GetRequiredService<ILogger<T>>();

    private static void AddListener<T>(IServiceCollection services, Func<IServiceProvider, T> factory)
        where T : class, IIngestListener, IHostedService
    {
        services.AddSingleton(factory);
        services.AddSingleton<IIngestListener>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<T>());
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Api;
using Mine.Core.Ports;
using Mine.Demo;
using Mine.Events;
using Mine.Fleet;
using Mine.Ingestion;
using Mine.Listeners;
using Mine.Storage.Engine;
using Mine.Storage.Schemas;
using Mine.Storage.Wal;

namespace Mine.Hosting;

/// <summary>The thin host: reads options, opens storage, starts listeners and the HTTP API, and wires them.</summary>
public static class MineServer
{
    public static Task<int> RunAsync(IDictionary<string, string?> overrides, CancellationToken cancellationToken) =>
        HostSetup.RunAsync("mine", () => Build(overrides), cancellationToken);

    /// <summary>Non-zero when Mine stopped because a part of it died (a critical loop, a background service),
    /// so that a service manager starts it again instead of seeing a clean exit.</summary>
    internal static int ExitCode(LoopRegistry loops, IEnumerable<BackgroundService> services)
    {
        if (loops.FatalReason is { } reason)
        {
            Console.Error.WriteLine($"mine: stopped because {reason}");
            return LoopSupervisor.LoopDiedExitCode;
        }

        var failed = services.FirstOrDefault(static s => s.ExecuteTask?.IsFaulted == true);
        if (failed is not null)
        {
            Console.Error.WriteLine($"mine: stopped because {failed.GetType().Name} failed: {failed.ExecuteTask!.Exception?.GetBaseException().Message}");
            return LoopSupervisor.LoopDiedExitCode;
        }

        return 0;
    }

    public static WebApplication Build(IDictionary<string, string?> overrides)
    {
        var (builder, options) = HostSetup.CreateBuilder(overrides, OptionsScope.Serve);
        var addresses = ListenAddresses.From(options);
        var (httpEndPoint, plaintextEndPoint, pickleEndPoint, collectdEndPoint, forwardEndPoint) = addresses;
        var tls = Relay.Security.TlsSettings.Load(options.TlsCert, options.TlsKey, options.TlsCa);
        var retention = StorageRules.Load(options);

        // Before storage opens (a WAL replay can take minutes): a busy port or an unusable folder is said at once.
        addresses.Check();
        var dataFolder = FolderCheck.Writable("--data", $"{MineOptions.Section}:{nameof(MineOptions.Data)}", options.Data);

        var accessWarnings = new List<string>();
        var https = AccessSetup.Register(builder, options, httpEndPoint, Access.HttpAccess.ForServe, accessWarnings);
        if (string.IsNullOrWhiteSpace(options.ClickHouse.Url))
        {
            AddStore(builder.Services, sp => OpenStorage(options, retention, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Storage")));
        }
        else
        {
            AddStore(builder.Services, sp => ClickHouseSetup.Open(options, retention, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.ClickHouse")));
        }
        var fleetRules = FleetSetup.Rules(options);
        var collectdConverter = collectdEndPoint is null ? null : CollectdSettings.Converter(options);
        builder.Services.AddSingleton(_ => new FleetRegistry(Path.GetFullPath(options.Data), fleetRules, collectdConverter is null ? null : FleetSetup.CollectdRoot(collectdConverter)));
        builder.Services.AddSingleton(sp => new GraphiteHostDiscovery(sp.GetRequiredService<FleetRegistry>()));
        builder.Services.AddSingleton(sp =>
        {
            var index = sp.GetRequiredService<ISeriesIndex>();
            return new HostPlugins(root => index.Find(root + ".*").Select(static n => n.Name));
        });
        builder.Services.AddSingleton(sp => new LandmineDetector(
            sp.GetRequiredService<FleetRegistry>(),
            new StorageSeriesSource(sp.GetRequiredService<ISeriesIndex>(), sp.GetRequiredService<ITagDatabase>(), sp.GetRequiredService<ISeriesReader>()), options.Fleet.LandmineRefreshSeconds,
            logger: Logger<LandmineDetector>(sp), settings: LandmineSetup.Settings(options.Landmines))
        {
            // The fleet's horizon (Mine:Landmines:Horizon): how far ahead a limit reached is a trend landmine.
            TrendDetector = new TrendDetector(new TrendOptions { HorizonSeconds = LandmineSetup.Settings(options.Landmines).Default.HorizonSeconds }),
        });
        builder.Services.AddSingleton<LoopRegistry>();
        builder.Services.AddSingleton<LoopSupervisor>();
        builder.Services.AddSingleton(sp => NewPipeline(sp, options));
        builder.Services.AddSingleton(sp => TcpSettings(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Listeners")));
        builder.Services.AddSingleton<MineMetrics>();
        builder.Services.AddSingleton<IMetricsCollector>(sp => sp.GetRequiredService<MineMetrics>());
        builder.Services.AddSingleton<IPointIntake>(sp => Pipeline(sp));
        builder.Services.AddSingleton<RequestCounters>();
        builder.Services.AddSingleton(sp => new RenderServices(options, sp.GetRequiredService<RequestCounters>()));
        builder.Services.AddSingleton(sp =>
        {
            var events = new EventStore(Path.GetFullPath(options.Data));
            sp.GetRequiredService<LoopRegistry>().Register(events.Health, LoopImportance.Auxiliary);
            return events;
        });
        builder.Services.AddSingleton<Readiness>();

        // Hosted services stop in reverse order: storage, registered first, shuts down after every listener.
        builder.Services.AddHostedService(sp => new StorageShutdown(
            sp.GetRequiredService<IStorageMaintenance>(), sp.GetRequiredService<StoreLifetime>().Store, Pipeline(sp), Logger<StorageShutdown>(sp)));
        builder.Services.AddHostedService<SelfMetricsReporter>();
        builder.Services.AddHostedService<FleetSnapshotter>();
        builder.Services.AddHostedService<LandmineRefresher>();
        builder.Services.AddSingleton<IMetricSource, LandmineMetrics>();
        builder.Services.AddHostedService<MemoryReclaimer>();
        AlertSetup.Register(builder.Services, options);
        if (options.Demo)
        {
            builder.Services.AddHostedService<DemoFeeder>();
        }
        if (plaintextEndPoint is not null)
        {
            HostSetup.AddListener(builder.Services, sp => new PlaintextTcpListener(plaintextEndPoint, Pipeline(sp), new ListenerCounters("plaintext", "tcp"), Tcp(sp), Supervisor(sp), Logger<PlaintextTcpListener>(sp)));
            HostSetup.AddListener(builder.Services, sp => new PlaintextUdpListener(plaintextEndPoint, Pipeline(sp), new ListenerCounters("plaintext", "udp"), Supervisor(sp), Logger<PlaintextUdpListener>(sp)));
        }

        if (collectdEndPoint is not null)
        {
            var security = CollectdSettings.Security(options);
            var converter = collectdConverter!;
            HostSetup.AddListener(builder.Services, sp => new CollectdUdpListener(collectdEndPoint, security, converter, Pipeline(sp),
                sp.GetRequiredService<EventStore>(), sp.GetRequiredService<FleetRegistry>(), new ListenerCounters("collectd", "udp") { GraphiteHosts = false }, Supervisor(sp), Logger<CollectdUdpListener>(sp)));
        }

        if (pickleEndPoint is not null)
        {
            HostSetup.AddListener(builder.Services, sp => new PickleTcpListener(pickleEndPoint, Pipeline(sp), new ListenerCounters("pickle", "tcp"), Tcp(sp), Supervisor(sp), Logger<PickleTcpListener>(sp)));
        }

        if (forwardEndPoint is not null)
        {
            // After storage's shutdown service: stopped before it, so no chunk is stored into a closed store.
            builder.Services.AddSingleton(sp => new Relaying.ForwardReceiverService(forwardEndPoint, Path.GetFullPath(options.Data), new Relaying.PipelineChunkStore(Pipeline(sp)), tls,
                sp.GetRequiredService<LoopRegistry>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Forward")));
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<Relaying.ForwardReceiverService>());
            builder.Services.AddSingleton<IMetricSource>(sp => sp.GetRequiredService<Relaying.ForwardReceiverService>());
        }

        var app = builder.Build();
        var storage = app.Services.GetRequiredService<IStorageStatus>(); // open (and replay) storage before any listener starts
        foreach (var loop in storage.Loops)
        {
            app.Services.GetRequiredService<LoopRegistry>().Register(loop, LoopImportance.Critical);
        }

        var summary = app.Services.GetRequiredService<StartupSummary>();
        summary.Title = $"mine {StartupSummary.Version} serving";
        summary.Add("data", dataFolder);
        if (!string.IsNullOrWhiteSpace(options.ClickHouse.Url))
        {
            var clickHouse = Mine.ClickHouse.Http.ClickHouseEndpoint.Parse(options.ClickHouse.Url);
            var cluster = options.ClickHouse.Cluster is { Length: > 0 } name ? $", cluster {name}" : "";
            var inserts = ClickHouseSetup.Compresses(options.ClickHouse.Compression, clickHouse) ? "gzip-compressed" : "uncompressed";
            summary.Add("storage", $"ClickHouse {clickHouse}{cluster}, inserts {inserts} (the data folder holds its backlog)");
        }

        StartupLines.AddListeners(summary, app, addresses, options, forwardEndPoint is null ? null : app.Services.GetRequiredService<Relaying.ForwardReceiverService>().Describe);
        summary.Add("retention", retention.DescribeSchemas());
        summary.Add("aggregation", retention.DescribeAggregation());
        summary.Add("alerts", AlertSetup.Describe(options));
        StartupLines.AddConfig(summary, app.Services);

        app.UseResponseHardening(app.Services.GetRequiredService<RequestCounters>());
        app.UseSlowQueryLog(app.Services.GetRequiredService<ILoggerFactory>(), options.SlowQueryMilliseconds);
        AccessSetup.Apply(app, https, accessWarnings, summary); // after storage: the token file lives in the data folder storage checked
        app.UseInternalErrors(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Api"));
        app.MapHealthEndpoints();
        app.MapLivenessEndpoint();
        app.MapInternalEndpoints();
        app.MapImportEndpoint();
        app.MapMetricsApi();
        app.MapRenderApi();
        app.MapFunctionsApi();
        app.MapEventsApi();
        app.MapFleetApi();
        app.MapAlertsApi();
        app.MapTagsApi();
        app.MapUi();
        return app;
    }

    private static IngestPipeline Pipeline(IServiceProvider sp) => sp.GetRequiredService<IngestPipeline>();

    private static LoopSupervisor Supervisor(IServiceProvider sp) => sp.GetRequiredService<LoopSupervisor>();

    private static TcpListenerSettings Tcp(IServiceProvider sp) => sp.GetRequiredService<TcpListenerSettings>();

    private static IngestPipeline NewPipeline(IServiceProvider sp, MineOptions options)
    {
        var supervisor = Supervisor(sp);
        var pipeline = new IngestPipeline(
            sp.GetRequiredService<IPointSink>(),
            new IngestPipelineOptions { MaxNewSeriesPerSourcePerMinute = options.MaxNewSeriesPerSourcePerMinute, NewSeriesBurstPerSource = options.NewSeriesBurstPerSource },
            (health, loop, stopping) => supervisor.RunAsync(health, LoopImportance.Critical, loop, stopping),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Ingest"),
            observe: sp.GetRequiredService<GraphiteHostDiscovery>().Observe);
        return pipeline;
    }

    /// <summary>The TCP caps: the total never exceeds what <see cref="OpenFilesBudget"/> leaves for ingest
    /// connections, even when Mine:MaxConnections asks for more.</summary>
    internal static TcpListenerSettings TcpSettings(MineOptions options, ILogger logger)
    {
        var budget = OpenFilesBudget.Current;
        var configured = options.MaxConnections > 0 ? options.MaxConnections : (int)Math.Clamp(budget.Limit / 2, 64, 10_000);
        var total = Math.Min(configured, budget.IngestConnections);
        if (total < configured && options.MaxConnections > 0) // the automatic total is lowered silently: it is automatic
        {
            logger.LogWarning("Mine:MaxConnections lowered from {Configured} to {Total}: the open-files limit ({Limit}) less the {InUse} files open now, {Reserve} kept for Mine itself and {Http} for HTTP allows no more. Raise the limit (LimitNOFILE=) to accept more connections.",
                configured, total, budget.Limit, budget.InUse, budget.Reserve, budget.HttpConnections);
        }

        return new TcpListenerSettings
        {
            MaxConnectionsPerListener = options.MaxConnectionsPerListener,
            IdleTimeout = TimeSpan.FromSeconds(Math.Max(0, options.TcpIdleTimeoutSeconds)),
            Gate = new ConnectionGate(total, options.MaxConnectionsPerSource),
            Budget = new BufferBudget((long)Math.Max(1, options.ConnectionBufferBudgetMiB) << 20),
        };
    }

    private static ILogger<T> Logger<T>(IServiceProvider sp) => sp.GetRequiredService<ILogger<T>>();

    /// <summary>
    /// Registers the store under its concrete type (which owns its files and is closed at shutdown) and under every
    /// port the host uses; everything else in the host asks for a port.
    /// </summary>
    private static void AddStore<TStore>(IServiceCollection services, Func<IServiceProvider, TStore> open)
        where TStore : class, IPointSink, ISeriesIndex, ISeriesReader, ITagDatabase, IStorageMaintenance, IStorageStatus, IHistoryImport, IDisposable
    {
        services.AddSingleton(open);
        services.AddSingleton(sp => new StoreLifetime(sp.GetRequiredService<TStore>()));
        services.AddSingleton<IPointSink>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ISeriesIndex>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ISeriesReader>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ITagDatabase>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IStorageMaintenance>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IStorageStatus>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IHistoryImport>(sp => sp.GetRequiredService<TStore>());
    }

    private static StorageEngine OpenStorage(MineOptions options, StorageRules retention, ILogger logger)
    {
        var walSync = options.WalSync.ToUpperInvariant() switch
        {
            "NONE" => WalSyncMode.None,
            "INTERVAL" => WalSyncMode.Interval,
            "ALWAYS" => WalSyncMode.Always,
            _ => throw new FormatException($"--wal-sync '{options.WalSync}' is not one of none, interval, always."),
        };
        var storage = new StorageOptions
        {
            DataDirectory = Path.GetFullPath(options.Data),
            Schemas = retention.Schemas,
            Aggregation = retention.Aggregation,
            WalSyncMode = walSync,
            Log = message => logger.LogInformation("{Message}", message),
            FaultInjection = TestCrashHook.FromEnvironment(),
        };
        foreach (var warning in retention.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        logger.LogInformation("opening storage in {Directory}", storage.DataDirectory);
        try
        {
            return StorageEngine.Open(storage);
        }
        catch (Core.Errors.FolderInUseException ex)
        {
            throw FolderCheck.InUse("--data", $"{MineOptions.Section}:{nameof(MineOptions.Data)}", ex);
        }
    }
}

/// <summary>The store the host closes at shutdown, whichever it is.</summary>
internal sealed record StoreLifetime(IDisposable Store);

/// <summary>Flushes storage on a clean shutdown so the next start replays little, then closes it. If storage
/// refuses the flush (a full disk), the shutdown goes on: every acknowledged point is in the WAL and is replayed at
/// the next start.</summary>
internal sealed class StorageShutdown(IStorageMaintenance storage, IDisposable store, IngestPipeline pipeline, ILogger<StorageShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await pipeline.DisposeAsync().ConfigureAwait(false);
        try
        {
            storage.FlushNow();
        }
        catch (IOException ex)
        {
            logger.LogWarning("final flush refused ({Message}); the points stay in the WAL and are replayed at the next start", ex.Message);
        }

        try
        {
            store.Dispose();
        }
        catch (IOException ex)
        {
            logger.LogWarning("closing storage: {Message}; the WAL keeps the data", ex.Message);
        }
    }
}

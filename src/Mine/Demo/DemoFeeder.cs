using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Series;
using Mine.Fleet;
using Mine.Ingestion;

namespace Mine.Demo;

/// <summary>
/// <c>mine serve --demo</c>: writes a <see cref="DemoFleet"/> through the ingest pipeline, as a Graphite listener
/// would: first the last few hours at one point a minute (so every graph is full at once), then a point for every
/// series every few seconds. Hosts appear through the normal Graphite host discovery.
/// </summary>
internal sealed class DemoFeeder(IngestPipeline pipeline, FleetRegistry fleet, ILogger<DemoFeeder> logger) : BackgroundService
{
    public static readonly TimeSpan Backfill = TimeSpan.FromHours(3);
    public static readonly TimeSpan BackfillStep = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LiveEvery = TimeSpan.FromSeconds(5);

    private readonly ListenerCounters _counters = new("demo", "internal");

    /// <summary>The path text before a host name, so the host lands on the configured host node (with the automatic
    /// rule, right after the prefix: the collectd plugin names after the host show where it is).</summary>
    public static string RootFor(FleetRules rules)
    {
        var root = rules.GraphitePrefix;
        if (root.Length > 0 && !root.EndsWith('.'))
        {
            root += ".";
        }

        for (var nodes = root.Count(static c => c == '.'); nodes < (rules.GraphiteHostNode ?? 0); nodes++)
        {
            root += "demo.";
        }

        return root;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await FeedAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FeedAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var demo = new DemoFleet(RootFor(fleet.Rules));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var step = (long)BackfillStep.TotalSeconds;
        var start = now - (long)Backfill.TotalSeconds;
        start -= start % step;
        logger.LogInformation("demo: {Hosts} hosts, {Series} series; writing the last {Hours} h", demo.Hosts.Count, demo.SeriesCount, Backfill.TotalHours);

        // Host by host, oldest first, so hosts appear in order and each host's series are written together. Every
        // host has its whole history: the stale ones stop later, while Mine watches (DemoFleet.StaleAfterLive).
        var batch = pipeline.RentBatch();
        foreach (var host in demo.Hosts)
        {
            for (var t = start; t < now; t += step)
            {
                demo.AppendHost(batch, host, t);
                if (batch.Count >= IngestPipeline.BatchPoints)
                {
                    await pipeline.SubmitAsync(batch, _counters, stoppingToken).ConfigureAwait(false);
                    batch = pipeline.RentBatch();
                }
            }
        }

        await pipeline.SubmitAsync(batch, _counters, stoppingToken).ConfigureAwait(false);
        logger.LogInformation("demo: backfill written; live points every {Seconds} s", LiveEvery.TotalSeconds);

        var staleStop = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + (long)DemoFleet.StaleAfterLive.TotalSeconds;
        using var timer = new PeriodicTimer(LiveEvery);
        do
        {
            now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            await SubmitAsync(demo, now, staleStop, stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task SubmitAsync(DemoFleet demo, long now, long staleStop, CancellationToken cancellationToken)
    {
        var batch = pipeline.RentBatch();
        foreach (var host in demo.Hosts)
        {
            if (!DemoFleet.Sends(host, now, staleStop))
            {
                continue;
            }

            demo.AppendHost(batch, host, now);
            if (batch.Count >= IngestPipeline.BatchPoints)
            {
                await pipeline.SubmitAsync(batch, _counters, cancellationToken).ConfigureAwait(false);
                batch = pipeline.RentBatch();
            }
        }

        await pipeline.SubmitAsync(batch, _counters, cancellationToken).ConfigureAwait(false);
    }
}

using Mine.Core.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;
using Mine.Events;
using Mine.Fleet;
using Mine.Ingestion;

namespace Mine.Hosting;

/// <summary>
/// Saves the fleet registry every minute and at shutdown, so first-seen times survive restarts, and writes the
/// event file again if an earlier append failed. A write that fails (a full disk) is logged, shown on /health as a
/// failing loop, and retried at the next tick: it never stops the server.
/// </summary>
internal sealed class FleetSnapshotter(FleetRegistry fleet, EventStore events, LoopSupervisor supervisor, ILogger<FleetSnapshotter> logger) : BackgroundService
{
    private readonly LogThrottle _failureLog = new(TimeSpan.FromMinutes(5));

    public LoopHealth Health { get; } = new("fleet-snapshot", TimeSpan.FromMinutes(5));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        supervisor.RunAsync(Health, LoopImportance.Auxiliary, async token =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                SaveOnce();
                events.RetryFailedWrites();
            }
        }, stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        SaveOnce();
    }

    private void SaveOnce()
    {
        try
        {
            fleet.Save();
            Health.Succeeded();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Health.Failed($"cannot save fleet.json: {ex.Message}");
            if (_failureLog.ShouldLog(out _))
            {
                logger.LogError("cannot save the fleet registry ({Message}); the hosts stay in memory and the save is retried every minute", ex.Message);
            }
        }
    }
}

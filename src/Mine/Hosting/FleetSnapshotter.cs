using Microsoft.Extensions.Hosting;
using Mine.Fleet;

namespace Mine.Hosting;

/// <summary>Saves the fleet registry every minute and at shutdown, so first-seen times survive restarts.</summary>
internal sealed class FleetSnapshotter(FleetRegistry fleet) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                fleet.Save();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        fleet.Save();
    }
}

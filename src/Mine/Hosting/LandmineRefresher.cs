using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Fleet;

namespace Mine.Hosting;

/// <summary>Recomputes the fleet's landmines every <see cref="LandmineDetector.RefreshSeconds"/> seconds in the
/// background, so the API answers from the last computation.</summary>
internal sealed class LandmineRefresher(LandmineDetector detector, ILogger<LandmineRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(detector.RefreshSeconds));
        try
        {
            do
            {
                try
                {
                    await Task.Run(() => detector.Get(detector.RefreshSeconds - 1, stoppingToken), stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Landmine detection failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }
}

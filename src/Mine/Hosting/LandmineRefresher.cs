using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;
using Mine.Fleet;

namespace Mine.Hosting;

/// <summary>Recomputes the fleet's landmines every <see cref="LandmineDetector.RefreshSeconds"/> seconds in the
/// background, so the API answers from the last computation. A failed detection, or one that had to leave a metric
/// out (the detector logs which), is shown as a failing loop and tried again at the next tick.</summary>
internal sealed class LandmineRefresher(LandmineDetector detector, LoopSupervisor supervisor, ILogger<LandmineRefresher> logger) : BackgroundService
{
    /// <summary>A detection on a large fleet takes seconds; one that has not finished after ten refresh periods
    /// (at least ten minutes) is stuck.</summary>
    public LoopHealth Health { get; } = new("landmine-refresher", TimeSpan.FromSeconds(Math.Max(600, 10 * detector.RefreshSeconds)));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        supervisor.RunAsync(Health, LoopImportance.Auxiliary, async token =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(detector.RefreshSeconds));
            do
            {
                Health.Beat();
                try
                {
                    var snapshot = await Task.Run(() => detector.Get(detector.RefreshSeconds - 1, token), token).ConfigureAwait(false);
                    if (snapshot.Failures.Count == 0)
                    {
                        Health.Succeeded();
                    }
                    else
                    {
                        Health.Failed($"{snapshot.Failures.Count} metric(s) left out of the landmine detection, first {snapshot.Failures[0].Describe()}");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    Health.Failed($"landmine detection failed: {ex.Message}");
                    logger.LogWarning(ex, "Landmine detection failed; trying again in {Seconds} s", detector.RefreshSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false));
        }, stoppingToken);
}

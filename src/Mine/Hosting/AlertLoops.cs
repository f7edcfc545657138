using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Alerts;
using Mine.Core.Health;

namespace Mine.Hosting;

/// <summary>Evaluates everything that alerts every Mine:Alerts:EvaluateSeconds. A rule that cannot be evaluated,
/// or a state file that cannot be written, shows as a failing loop and is tried again at the next tick.</summary>
internal sealed class AlertEvaluatorLoop(AlertService alerts, MineOptions options, LoopSupervisor supervisor, ILogger<AlertEvaluatorLoop> logger) : BackgroundService
{
    /// <summary>An evaluation reads every rule's target; one not done after ten periods (at least ten minutes) is stuck.</summary>
    public LoopHealth Health { get; } = new("alert-evaluator", TimeSpan.FromSeconds(Math.Max(600, 10 * options.Alerts.EvaluateSeconds)));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        supervisor.RunAsync(Health, LoopImportance.Auxiliary, async token =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Alerts.EvaluateSeconds));
            do
            {
                Health.Beat();
                try
                {
                    var problems = await Task.Run(() => alerts.EvaluateOnce(token), token).ConfigureAwait(false);
                    if (problems.Count == 0)
                    {
                        Health.Succeeded();
                    }
                    else
                    {
                        Health.Failed(problems.Count == 1 ? problems[0] : $"{problems[0]} (and {problems.Count - 1} more)");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    Health.Failed($"alert evaluation failed: {ex.Message}");
                    logger.LogWarning(ex, "Alert evaluation failed; trying again in {Seconds} s", options.Alerts.EvaluateSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false));
        }, stoppingToken);
}

/// <summary>Batches alerts and delivers them to the webhooks (retries included). Failing while a webhook's last
/// attempt failed; beats every second while it waits.</summary>
internal sealed class AlertSenderLoop(AlertService alerts, LoopSupervisor supervisor) : BackgroundService
{
    public LoopHealth Health { get; } = new("alert-sender", TimeSpan.FromMinutes(1));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        supervisor.RunAsync(Health, LoopImportance.Auxiliary, token => alerts.Dispatcher.RunAsync(() =>
        {
            Health.Beat();
            if (alerts.Dispatcher.Problem is { } problem)
            {
                Health.Failed(problem);
            }
            else
            {
                Health.Succeeded();
            }
        }, token), stoppingToken);
}

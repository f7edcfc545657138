using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;

namespace Mine.Hosting;

/// <summary>When a supervised loop is started again, and when the supervisor gives up on it.</summary>
public sealed record SupervisionPolicy
{
    /// <summary>A loop that crashed this many times within <see cref="CrashWindow"/> is declared dead.</summary>
    public int MaxCrashes { get; init; } = 5;

    public TimeSpan CrashWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wait before the first restart; doubled after each crash up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public static SupervisionPolicy Default { get; } = new();
}

/// <summary>
/// Runs a background loop so that it can never die silently: a crash (any exception but cancellation at shutdown)
/// is logged and the loop started again after a growing delay; after <see cref="SupervisionPolicy.MaxCrashes"/>
/// crashes within the window the loop is marked dead, /health turns 503 naming it, and for a critical loop the
/// process stops with a non-zero exit code (a service manager restarts it: a deaf monitoring system that looks
/// alive is worse than one that restarts). A loop that returns normally has finished (stopped).
/// </summary>
public sealed class LoopSupervisor(LoopRegistry registry, ILogger<LoopSupervisor> logger, IHostApplicationLifetime? lifetime = null)
{
    /// <summary>Exit code of <c>mine serve</c> after a critical loop died.</summary>
    public const int LoopDiedExitCode = 3;

    public LoopRegistry Registry => registry;

    /// <summary>Registers <paramref name="health"/> and runs <paramref name="loop"/> under supervision until
    /// <paramref name="stopping"/> is cancelled, the loop returns, or it is declared dead.</summary>
    public async Task RunAsync(LoopHealth health, LoopImportance importance, Func<CancellationToken, Task> loop, CancellationToken stopping, SupervisionPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(loop);
        policy ??= SupervisionPolicy.Default;
        registry.Register(health, importance);
        var crashes = new Queue<long>();
        var backoff = policy.FirstBackoff;
        while (true)
        {
            try
            {
                health.Beat();
                await loop(stopping).ConfigureAwait(false);
                health.Stopped();
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                health.Stopped();
                return;
            }
            catch (Exception ex)
            {
                var now = Environment.TickCount64;
                crashes.Enqueue(now);
                while (crashes.Count > 0 && now - crashes.Peek() > policy.CrashWindow.TotalMilliseconds)
                {
                    crashes.Dequeue();
                }

                var error = $"{ex.GetType().Name}: {ex.Message}";
                if (crashes.Count >= policy.MaxCrashes)
                {
                    health.Died($"crashed {crashes.Count} times in {policy.CrashWindow.TotalMinutes:0.#} min, last: {error}");
                    logger.LogCritical(ex, "{Loop} crashed {Count} times within {Window}; giving up on it", health.Name, crashes.Count, policy.CrashWindow);
                    if (importance == LoopImportance.Critical)
                    {
                        registry.SetFatal($"{health.Name} died: {error}");
                        logger.LogCritical("Stopping Mine (exit code {Code}): {Loop} is dead, so Mine would stay up but deaf. Its service manager should start it again.",
                            LoopDiedExitCode, health.Name);
                        lifetime?.StopApplication();
                    }

                    return;
                }

                logger.LogError(ex, "{Loop} crashed; starting it again in {Delay} ms", health.Name, (int)backoff.TotalMilliseconds);
                health.Restarted(error);
                try
                {
                    await Task.Delay(backoff, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    health.Stopped();
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, policy.MaxBackoff.Ticks));
            }
        }
    }
}

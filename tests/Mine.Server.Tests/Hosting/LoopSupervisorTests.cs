using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Mine.Core.Health;
using Mine.Hosting;

namespace Mine.Server.Tests.Hosting;

public class LoopSupervisorTests
{
    private static readonly SupervisionPolicy Fast = new() { MaxCrashes = 3, FirstBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task A_crashed_loop_is_started_again_and_its_restarts_are_counted()
    {
        var registry = new LoopRegistry();
        var supervisor = new LoopSupervisor(registry, NullLogger<LoopSupervisor>.Instance);
        var health = new LoopHealth("flaky", TimeSpan.FromMinutes(1));
        var runs = 0;
        await supervisor.RunAsync(health, LoopImportance.Critical, _ =>
        {
            if (++runs < 3)
            {
                throw new InvalidOperationException("bug");
            }

            return Task.CompletedTask;
        }, CancellationToken.None, Fast);

        Assert.Equal(3, runs);
        var snapshot = health.Snapshot();
        Assert.Equal(2, snapshot.Restarts);
        Assert.Equal(LoopState.Stopped, snapshot.State);
        Assert.Null(registry.FatalReason);
    }

    [Fact]
    public async Task A_critical_loop_that_keeps_crashing_is_dead_and_stops_the_process()
    {
        var registry = new LoopRegistry();
        var lifetime = new RecordingLifetime();
        var supervisor = new LoopSupervisor(registry, NullLogger<LoopSupervisor>.Instance, lifetime);
        var health = new LoopHealth("doomed", TimeSpan.FromMinutes(1));
        await supervisor.RunAsync(health, LoopImportance.Critical, _ => throw new InvalidOperationException("always"), CancellationToken.None, Fast);

        Assert.Equal(LoopState.Dead, health.Snapshot().State);
        Assert.Contains("doomed died", registry.FatalReason);
        Assert.True(lifetime.StopRequested);
    }

    [Fact]
    public async Task An_auxiliary_loop_that_dies_does_not_stop_the_process()
    {
        var registry = new LoopRegistry();
        var lifetime = new RecordingLifetime();
        var supervisor = new LoopSupervisor(registry, NullLogger<LoopSupervisor>.Instance, lifetime);
        var health = new LoopHealth("side", TimeSpan.FromMinutes(1));
        await supervisor.RunAsync(health, LoopImportance.Auxiliary, _ => throw new InvalidOperationException("always"), CancellationToken.None, Fast);

        Assert.Equal(LoopState.Dead, health.Snapshot().State);
        Assert.Null(registry.FatalReason);
        Assert.False(lifetime.StopRequested);
    }

    [Fact]
    public async Task Cancellation_at_shutdown_is_a_stop_not_a_crash()
    {
        var supervisor = new LoopSupervisor(new LoopRegistry(), NullLogger<LoopSupervisor>.Instance);
        var health = new LoopHealth("waiting", TimeSpan.FromMinutes(1));
        using var stopping = new CancellationTokenSource();
        var run = supervisor.RunAsync(health, LoopImportance.Critical, token => Task.Delay(Timeout.Infinite, token), stopping.Token, Fast);
        await stopping.CancelAsync();
        await run;
        Assert.Equal(LoopState.Stopped, health.Snapshot().State);
        Assert.Equal(0, health.Snapshot().Failures);
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}

using Microsoft.Extensions.Hosting;
using Mine.Core.Health;
using Mine.Hosting;

namespace Mine.Relaying;

/// <summary>
/// Runs the relay's loops under the supervisor: the buffer's sealing loop (critical: without it nothing is sent)
/// and one loop per destination (auxiliary: a destination that is down fails its loop, and /health says so, while
/// the others go on). At shutdown the loops stop first, then the buffer seals what is still filling.
/// </summary>
internal sealed class RelayLoops(RelayForwarding forwarding, LoopSupervisor supervisor) : BackgroundService
{
    public LoopHealth Sealing { get; } = new("relay-sealing", TimeSpan.FromMinutes(1));

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>
        {
            supervisor.RunAsync(Sealing, LoopImportance.Critical, stopping => forwarding.Buffer.RunSealingAsync(Sealing, stopping), stoppingToken),
        };
        loops.AddRange(forwarding.Clients.Select(client => supervisor.RunAsync(client.Health, LoopImportance.Auxiliary, client.RunAsync, stoppingToken)));
        loops.AddRange(forwarding.Carbon.Select(carbon => supervisor.RunAsync(carbon.Health, LoopImportance.Auxiliary, carbon.RunAsync, stoppingToken)));
        return Task.WhenAll(loops);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        forwarding.Dispose();
    }
}

using Mine.Hosting;

namespace Mine.Api;

/// <summary>What every render shares: the admission gate and the low-priority render threads.</summary>
internal sealed class RenderServices : IDisposable
{
    public RenderServices(MineOptions options, RequestCounters? counters = null)
    {
        var concurrency = options.MaxConcurrentRenders > 0 ? options.MaxConcurrentRenders : Environment.ProcessorCount;
        Gate = new RenderGate(concurrency, options.MaxQueuedRenders, TimeSpan.FromSeconds(Math.Max(0, options.RenderQueueSeconds)), counters);
        Scheduler = new RenderScheduler(concurrency, options.RenderNice);
    }

    public RenderGate Gate { get; }

    public RenderScheduler Scheduler { get; }

    public void Dispose()
    {
        Scheduler.Dispose();
        Gate.Dispose();
    }
}

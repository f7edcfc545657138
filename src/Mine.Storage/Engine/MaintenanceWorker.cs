using Mine.Core.Health;

namespace Mine.Storage.Engine;

/// <summary>
/// The maintenance thread: every <see cref="StorageOptions.MaintenanceInterval"/>, a timed flush when the last one is
/// older than <see cref="StorageOptions.FlushInterval"/>, then the engine's merges and retention. Nothing may end
/// it but shutdown: any failure is logged, shown on <see cref="Health"/>, and retried at the next interval. It
/// runs at <see cref="StorageOptions.MaintenanceNice"/> so ingest and the flush come first.
/// </summary>
internal sealed class MaintenanceWorker(StorageOptions options, Action flushNow, Action runMaintenance, CancellationToken stopping)
{
    private Thread? _thread;
    private long _lastFlushAt;

    public LoopHealth Health { get; } = new("storage-maintenance", TimeSpan.FromMinutes(10));

    public void Start()
    {
        _lastFlushAt = Environment.TickCount64;
        _thread = new Thread(Run) { IsBackground = true, Name = "mine-maintenance" };
        _thread.Start();
    }

    /// <summary>Waits for the thread, if started, to end once the engine's stopping token fired.</summary>
    public void Join() => _thread?.Join();

    private void Run()
    {
        if (options.MaintenanceNice > 0)
        {
            Mine.Core.Threading.ThreadNice.Set(Math.Clamp(options.MaintenanceNice, 0, 19));
        }

        Health.Beat();
        while (!stopping.WaitHandle.WaitOne(options.MaintenanceInterval))
        {
            try
            {
                if (Environment.TickCount64 - _lastFlushAt > options.FlushInterval.TotalMilliseconds)
                {
                    _lastFlushAt = Environment.TickCount64;
                    flushNow();
                }

                runMaintenance();
                Health.Succeeded();
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                Health.Failed(ex.Message);
                options.Log($"maintenance failed, will retry: {ex.GetType().Name}: {ex.Message}");
            }
            catch (ObjectDisposedException)
            {
                break;
            }
        }

        Health.Stopped();
    }
}

using Mine.Core.Health;

namespace Mine.Storage.Engine;

/// <summary>
/// The flush thread: runs the engine's flush of the frozen head whenever one is requested, and retries a failed
/// one (a full disk, a bug) with a growing delay until it succeeds or the engine stops. Meanwhile the frozen head
/// stays readable and its WAL segments stay on disk; <see cref="Problem"/> and <see cref="Health"/> show the failure.
/// </summary>
internal sealed class FlushWorker(Action flush, Action<string> log, CancellationToken stopping) : IDisposable
{
    private readonly SemaphoreSlim _requested = new(0, int.MaxValue);
    private Thread? _thread;
    private volatile string? _problem;

    public LoopHealth Health { get; } = new("storage-flush", TimeSpan.FromSeconds(30));

    /// <summary>Null while flushes succeed; otherwise the last failure.</summary>
    public string? Problem => _problem;

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "mine-flush" };
        _thread.Start();
    }

    /// <summary>Asks for a flush (a head was frozen); never blocks.</summary>
    public void Request() => _requested.Release();

    /// <summary>Waits for the thread to end once the engine's stopping token fired.</summary>
    public void Join() => _thread?.Join();

    /// <summary>After <see cref="Join"/>, when the engine takes no more writes.</summary>
    public void Dispose() => _requested.Dispose();

    private void Run()
    {
        var retryDelay = 250;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Waits in slices so the watchdog sees an idle thread beat, not a stuck one.
                Health.Beat();
                if (!_requested.Wait(TimeSpan.FromSeconds(1), stopping))
                {
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                flush();
                retryDelay = 250;
                SetProblem(null);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // Whatever failed (a full disk, a bug), the frozen head stays readable and its WAL segments stay on
                // disk: retry with a growing delay; /health shows the problem meanwhile.
                SetProblem($"flush failed: {ex.Message}");
                log($"flush failed, will retry in {retryDelay} ms: {ex.Message}");
                stopping.WaitHandle.WaitOne(retryDelay);
                retryDelay = Math.Min(retryDelay * 2, 10_000);
                _requested.Release();
            }
        }

        Health.Stopped();
    }

    private void SetProblem(string? problem)
    {
        _problem = problem;
        if (problem is null)
        {
            Health.Succeeded();
        }
        else
        {
            Health.Failed(problem);
        }
    }
}

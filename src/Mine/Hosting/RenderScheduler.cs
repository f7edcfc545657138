using System.Collections.Concurrent;
using Mine.Core.Threading;
using Mine.Query.Render.Formats;

namespace Mine.Hosting;

/// <summary>
/// Runs render work (evaluation, drawing, formatting) on threads of its own at a lower CPU priority than ingest,
/// so a burst of heavy queries slows itself down instead of the listeners and the storage writer: on Linux the
/// render threads run at nice <c>RenderNice</c> (10 by default: a tenth of a normal thread's share of a busy
/// core). Parallel loops inside the work (wide reads, groupByNode, percentileOfSeries, JSON slices) run on the
/// same threads, so a render spreads over several cores only while the other render threads are idle, and under
/// load each render keeps to one.
/// </summary>
/// <remarks>
/// Linux threads inherit their creator's nice value, and the .NET thread pool creates a worker on the thread that
/// queues work when it needs one; an unprivileged process cannot lower a nice value again. So render threads
/// never queue to the thread pool: results are published (and their continuations queued) by one normal-priority
/// thread, and parallel loops queue to this scheduler.
/// </remarks>
internal sealed class RenderScheduler : TaskScheduler, IBackgroundWork, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly BlockingCollection<Action> _results = [];
    private readonly Thread[] _threads;
    private readonly Thread _publisher;
    private readonly int _nice;
    private int _lowered;

    [ThreadStatic]
    private static RenderScheduler? t_owner;

    /// <param name="threads">Threads, at least one.</param>
    /// <param name="nice">Nice value of the render threads (0-19; 0 keeps the normal priority).</param>
    public RenderScheduler(int threads, int nice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _nice = Math.Clamp(nice, 0, 19);
        _publisher = new Thread(Publish) { IsBackground = true, Name = "mine-render-results" };
        _publisher.Start();
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            // Evaluation recurses once per nested call (bounded, see TargetEvaluator.MaxNesting): a roomy stack.
            _threads[i] = new Thread(Work, maxStackSize: 16 << 20) { IsBackground = true, Name = $"mine-render-{i}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Render threads whose priority was lowered (0 off Linux, or with RenderNice 0).</summary>
    public int LoweredThreads => Volatile.Read(ref _lowered);

    /// <summary>Runs <paramref name="work"/> on a render thread; the task completes from a normal-priority thread.</summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (cancellationToken.IsCancellationRequested)
        {
            done.SetCanceled(cancellationToken);
            return done.Task;
        }

        Queue(() =>
        {
            try
            {
                var result = work();
                Complete(() => done.SetResult(result));
            }
            catch (OperationCanceledException e)
            {
                Complete(() => done.SetCanceled(e.CancellationToken));
            }
            catch (Exception e)
            {
                Complete(() => done.SetException(e));
            }
        });
        return done.Task;
    }

    /// <summary>Queues work for a render thread.</summary>
    public void Queue(Action work)
        => _ = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this);

    /// <summary>Runs <paramref name="publish"/> (completing a task, waking a waiter) on the normal-priority publisher thread.</summary>
    public void Complete(Action publish) => _results.Add(publish);

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        _results.CompleteAdding();
        _publisher.Join(TimeSpan.FromSeconds(5));
        _queue.Dispose();
        _results.Dispose();
    }

    protected override void QueueTask(Task task) => _queue.Add(task);

    /// <summary>Parallel loops run iterations inline on the render thread that started them.</summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
        => ReferenceEquals(t_owner, this) && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Work()
    {
        t_owner = this;
        if (_nice > 0 && ThreadNice.Set(_nice))
        {
            Interlocked.Increment(ref _lowered);
        }

        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }

    private void Publish()
    {
        foreach (var publish in _results.GetConsumingEnumerable())
        {
            publish();
        }
    }
}

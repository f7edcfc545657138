namespace Mine.Query.Render.Formats;

/// <summary>
/// Where a writer that formats in the background runs its workers and publishes what they made. Without one,
/// workers go to the .NET thread pool and complete their results themselves; a host that keeps render work on
/// threads of its own (at a lower priority) passes its scheduler.
/// </summary>
public interface IBackgroundWork
{
    /// <summary>Runs <paramref name="work"/> on a worker.</summary>
    void Queue(Action work);

    /// <summary>Runs <paramref name="publish"/> (completing a task a request handler awaits) where the host wants waiters woken.</summary>
    void Complete(Action publish);
}

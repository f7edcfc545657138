using System.Text;
using Mine.Core.Health;
using Mine.Core.Ports;
using Mine.Ingestion;
using Mine.Listeners;

namespace Mine.Hosting;

/// <summary>
/// What /health answers. 200 with a first line <c>ok: N series</c> when storage is open, every listener is bound,
/// storage accepts writes and every critical loop runs. 503 otherwise, with a first line that names the problem:
/// <c>unhealthy: …</c> (a listener not bound, a loop dead or stalled: restarting the process helps) or
/// <c>degraded: …</c> (storage refuses writes, a listener cannot accept: the process is alive and will resume by
/// itself, but must not take traffic meanwhile). Either way one line per loop follows, so an operator sees
/// everything at once. A failing auxiliary loop (fleet snapshot, event file, landmines) keeps 200 and says so.
/// </summary>
public sealed class Readiness(IEnumerable<IIngestListener> listeners, IStorageStatus storage, LoopRegistry loops, IngestPipeline pipeline)
{
    public bool IsReady(out string detail)
    {
        var report = Check();
        detail = report.Text;
        return report.Ok;
    }

    /// <summary>The whole report; <see cref="HealthReport.Live"/> ignores trouble that resolves by itself.</summary>
    public HealthReport Check()
    {
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        var snapshots = CheckListenersAndLoops(listeners, loops, unhealthy, degraded);
        if (storage.Problem is { } problem)
        {
            degraded.Insert(0, $"storage: {problem}");
        }
        else if (pipeline.Holding)
        {
            degraded.Insert(0, "storage: writes refused, ingest holds its input and retries");
        }

        var text = new StringBuilder();
        if (unhealthy.Count > 0)
        {
            text.Append("unhealthy: ").AppendJoin("; ", unhealthy.Concat(degraded)).Append('\n');
        }
        else if (degraded.Count > 0)
        {
            text.Append("degraded: ").AppendJoin("; ", degraded).Append('\n');
        }
        else
        {
            text.Append("ok: ").Append(storage.SeriesCount).Append(" series\n");
        }

        text.Append("queued batches: ").Append(pipeline.QueuedBatches).Append('\n');
        foreach (var (snapshot, _) in snapshots)
        {
            text.Append("loop ").Append(snapshot.Describe()).Append('\n');
        }

        return new HealthReport(unhealthy.Count == 0 && degraded.Count == 0, unhealthy.Count == 0, text.ToString().TrimEnd('\n'));
    }

    /// <summary>What makes any Mine process (serve, relay) unhealthy: a listener that did not start, a fatal stop, a
    /// loop dead or stalled; and degraded: a critical loop failing. Returns the loops' snapshots for the report.</summary>
    public static IReadOnlyList<(LoopHealthSnapshot Snapshot, LoopImportance Importance)> CheckListenersAndLoops(
        IEnumerable<IIngestListener> listeners, LoopRegistry loops, List<string> unhealthy, List<string> degraded)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(loops);
        ArgumentNullException.ThrowIfNull(unhealthy);
        ArgumentNullException.ThrowIfNull(degraded);
        foreach (var listener in listeners)
        {
            if (!listener.Started.IsCompletedSuccessfully)
            {
                unhealthy.Add($"{listener.Counters.Protocol}/{listener.Counters.Transport} listener not started");
            }
        }

        if (loops.FatalReason is { } fatal)
        {
            unhealthy.Add($"stopping: {fatal}");
        }

        var snapshots = loops.Snapshots();
        foreach (var (snapshot, importance) in snapshots)
        {
            if (snapshot.State == LoopState.Dead || snapshot.Stalled)
            {
                unhealthy.Add(snapshot.Describe());
            }
            else if (snapshot.State == LoopState.Failing && importance == LoopImportance.Critical)
            {
                degraded.Add(snapshot.Describe());
            }
        }

        return snapshots;
    }
}

/// <summary>/health's answer: <see cref="Ok"/> for readiness (200), <see cref="Live"/> for liveness (nothing
/// dead or stalled), and the text (first line a summary, then a line per loop).</summary>
public sealed record HealthReport(bool Ok, bool Live, string Text);

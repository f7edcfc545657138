using Mine.Core.Health;
using Mine.Ingestion;

namespace Mine.Hosting;

/// <summary>The metrics of what keeps ingest alive: the writer's retries and refusals, the listeners' caps, and
/// every background loop's state.</summary>
public sealed partial class MineMetrics
{
    private IEnumerable<Sample> IngestSamples()
    {
        var none = Array.Empty<(string, string)>();
        var writesFailing = storage.WritesFailing || pipeline.Holding ? 1 : 0;
        yield return new("mine_storage_writes_failing", "1 while storage refuses writes (disk full): ingest holds its input, TCP senders are paused.", "gauge", none, writesFailing);
        yield return new("mine_ingest_write_retries_total", "Times a batch storage refused was written again.", "counter", none, pipeline.WriteRetries);
        yield return new("mine_ingest_queued_batches", "Batches waiting for the storage writer.", "gauge", none, pipeline.QueuedBatches);
        yield return new("mine_ingest_points_failed_total", "Points isolated because storing them raised an error (a bug); the rest of their batch was stored.", "counter", none, pipeline.PointsFailed);
        yield return new("mine_ingest_points_lost_total", "Points given up because storage still refused them at shutdown.", "counter", none, pipeline.PointsLost);
        var refused = pipeline.Refused;
        foreach (var (reason, count) in new[] { ("too_old", refused.TooOld), ("in_future", refused.InFuture), ("bad_name", refused.BadName), ("series_limit", refused.OverSeriesLimit) })
        {
            yield return new("mine_ingest_points_refused_total", "Points storage refused, by reason.", "counter", [("reason", reason)], count);
        }

        yield return new("mine_tcp_connections_open", "TCP ingest connections open across listeners.", "gauge", none, tcp.Gate.Open);
        yield return new("mine_tcp_buffer_bytes", "Receive-buffer bytes held by TCP connections.", "gauge", none, tcp.Budget.InUse);
    }

    private static IEnumerable<Sample> ListenerGuardSamples(ListenerCounters c, (string, string)[] labels)
    {
        yield return new("mine_listener_series_limited_total", "Points of new series refused: their source exceeded Mine:MaxNewSeriesPerSourcePerMinute.", "counter", labels, Interlocked.Read(ref c.SeriesLimited));
        yield return new("mine_listener_queue_full_dropped_total", "Points dropped because the ingest queue stayed full (UDP, self-metrics).", "counter", labels, Interlocked.Read(ref c.QueueFullDropped));
        if (c.Transport != "tcp")
        {
            yield break;
        }

        foreach (var refusal in Enum.GetValues<ConnectionRefusal>())
        {
            var reason = refusal switch { ConnectionRefusal.ListenerFull => "listener_full", ConnectionRefusal.TotalFull => "total_full", _ => "source_full" };
            yield return new("mine_listener_connections_refused_total", "Connections accepted and closed at once because a cap was reached.", "counter",
                [.. labels, ("reason", reason)], Interlocked.Read(ref c.ConnectionsRefused[(int)refusal]));
        }

        yield return new("mine_listener_idle_closed_total", "Connections closed after sending nothing for Mine:TcpIdleTimeoutSeconds.", "counter", labels, Interlocked.Read(ref c.IdleClosed));
        yield return new("mine_listener_buffer_budget_closed_total", "Connections closed because their frame did not fit in the buffer budget.", "counter", labels, Interlocked.Read(ref c.BufferBudgetClosed));
        yield return new("mine_listener_accept_errors_total", "accept() failures (EMFILE, ENFILE, ENOBUFS…), retried with backoff.", "counter", labels, Interlocked.Read(ref c.AcceptErrors));
    }

    public static IEnumerable<Sample> LoopSamples(LoopRegistry loops)
    {
        ArgumentNullException.ThrowIfNull(loops);
        foreach (var (loop, _) in loops.Snapshots())
        {
            var labels = new[] { ("loop", loop.Name) };
            var up = loop.State is LoopState.Starting or LoopState.Running or LoopState.Failing && !loop.Stalled ? 1 : 0;
            yield return new("mine_loop_up", "1 while the background loop runs (possibly failing and retrying); 0 when dead, stalled or stopped.", "gauge", labels, up);
            yield return new("mine_loop_failing", "1 while the loop's last attempt failed and it retries.", "gauge", labels, loop.State == LoopState.Failing ? 1 : 0);
            yield return new("mine_loop_restarts_total", "Times the loop crashed and was started again.", "counter", labels, loop.Restarts);
            yield return new("mine_loop_failures_total", "Failed attempts and crashes of the loop.", "counter", labels, loop.Failures);
            var sinceBeat = loop.SinceLastBeat.TotalSeconds;
            yield return new("mine_loop_seconds_since_beat", "Seconds since the loop last made progress or looked for work.", "gauge", labels, Math.Round(sinceBeat, 3));
        }
    }
}

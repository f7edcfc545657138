using System.Text;
using Mine.Core.Health;
using Mine.Hosting;
using Mine.Listeners;
using Mine.Relay.Forward;
using Mine.Relay.Security;

namespace Mine.Relaying;

/// <summary>
/// The relay's metrics (docs/relay.md, "Metrics"): its listeners as serve's, then per destination the chunks and
/// bytes queued, the age of the oldest unacknowledged chunk, the destination's state and retries, and the points
/// buffered, forwarded, acknowledged and dropped; and its /health report.
/// </summary>
internal sealed class RelayMetrics(RelayForwarding forwarding, IEnumerable<IIngestListener> listeners, LoopRegistry loops, IEnumerable<IMetricSource> sources) : IMetricsCollector
{
    public IEnumerable<MineMetrics.Sample> Collect()
    {
        var none = Array.Empty<(string, string)>();
        var buffer = forwarding.Buffer;
        var now = DateTimeOffset.UtcNow;
        long buffered = 0, acknowledged = 0, dropped = 0;
        var samples = new List<MineMetrics.Sample>();
        for (var d = 0; d < forwarding.Plan.Destinations.Count; d++)
        {
            var stats = buffer.Stats(d);
            buffered += stats.PointsBuffered;
            acknowledged += stats.PointsAcknowledged;
            dropped += stats.PointsDropped;
            var labels = new[] { ("destination", forwarding.Plan.Destinations[d].ToString()) };
            samples.Add(new("mine_relay_destination_chunks_queued", "Sealed chunks waiting for the destination (in flight included).", "gauge", labels, stats.ChunksQueued));
            samples.Add(new("mine_relay_destination_bytes_queued", "Bytes of the sealed chunks waiting for the destination.", "gauge", labels, stats.BytesQueued));
            samples.Add(new("mine_relay_destination_points_queued", "Points waiting for the destination, sealed or still filling a chunk.", "gauge", labels, stats.PointsQueued + stats.PointsStaged));
            samples.Add(new("mine_relay_destination_oldest_unsent_seconds", "Age of the oldest chunk the destination has not acknowledged (0: none).", "gauge", labels, Math.Round(stats.OldestAge(now).TotalSeconds, 3)));
            samples.Add(new("mine_relay_destination_points_buffered_total", "Points written to the destination's chunk files.", "counter", labels, stats.PointsBuffered));
            samples.Add(new("mine_relay_destination_points_acknowledged_total", "Points the destination acknowledged (carbon: written to its socket).", "counter", labels, stats.PointsAcknowledged));
            samples.Add(new("mine_relay_destination_points_dropped_total", "Points dropped by the drop-oldest overflow policy.", "counter", labels, stats.PointsDropped));
            samples.Add(new("mine_relay_destination_chunks_quarantined_total", "Chunks set aside (damaged on disk, or refused for good by the destination) in corrupt/.", "counter", labels, stats.ChunksQuarantined));
            samples.Add(new("mine_relay_destination_appends_blocked_total", "Appends that waited for room in a full buffer (block policy).", "counter", labels, stats.AppendsBlocked));
        }

        foreach (var client in forwarding.Clients)
        {
            var labels = new[] { ("destination", client.Destination) };
            var status = client.Status();
            var c = client.Counters;
            samples.Add(new("mine_relay_destination_up", "1 while the destination is connected or has not failed since its last acknowledgement.", "gauge", labels, status.DownSince is null ? 1 : 0));
            samples.Add(new("mine_relay_destination_retries_total", "Connections to the destination retried after a failure.", "counter", labels, Interlocked.Read(ref c.Retries)));
            samples.Add(new("mine_relay_destination_points_forwarded_total", "Points sent to the destination (resends included).", "counter", labels, Interlocked.Read(ref c.PointsSent)));
            samples.Add(new("mine_relay_destination_chunks_duplicate_total", "Chunks the destination already had (a resend after a lost acknowledgement).", "counter", labels, Interlocked.Read(ref c.ChunksDuplicate)));
            samples.Add(new("mine_relay_destination_in_flight", "Chunks sent and not yet acknowledged.", "gauge", labels, status.InFlight));
        }

        foreach (var carbon in forwarding.Carbon)
        {
            var labels = new[] { ("destination", carbon.Destination) };
            var c = carbon.Counters;
            samples.Add(new("mine_relay_destination_up", "1 while the destination is connected or has not failed since its last acknowledgement.", "gauge", labels, Interlocked.Read(ref c.Connected)));
            samples.Add(new("mine_relay_destination_retries_total", "Connections to the destination retried after a failure.", "counter", labels, Interlocked.Read(ref c.Retries)));
            samples.Add(new("mine_relay_destination_points_forwarded_total", "Points sent to the destination (resends included).", "counter", labels, Interlocked.Read(ref c.PointsSent)));
        }

        yield return new("mine_relay_points_buffered_total", "Points durably in the buffer: in a chunk file, which a kill -9 of the relay cannot lose (a point routed to two destinations counts twice).", "counter", none, buffered);
        yield return new("mine_relay_points_acknowledged_total", "Points a destination acknowledged: stored there (its WAL or buffer); carbon: written to its socket.", "counter", none, acknowledged);
        yield return new("mine_relay_points_dropped_total", "Points dropped by the drop-oldest overflow policy (logged).", "counter", none, dropped);
        yield return new("mine_relay_buffer_bytes", "Bytes the buffer holds (chunk files and filling chunks).", "gauge", none, buffer.BytesUsed);
        yield return new("mine_relay_buffer_limit_bytes", "The buffer's limit (--buffer-limit).", "gauge", none, buffer.BytesLimit);
        foreach (var reason in TlsRefusals.Reasons)
        {
            yield return new("mine_relay_tls_refused_total", "Destinations' TLS handshakes this relay refused, by reason.", "counter", [("reason", TlsRefusals.MetricName(reason))], forwarding.Refusals.Count(reason));
        }

        foreach (var sample in samples.Concat(MineMetrics.ListenerSamples(listeners)).Concat(sources.SelectMany(static s => s.Samples()))
                     .Concat(MineMetrics.LoopSamples(loops)).Concat(MineMetrics.ProcessSamples()))
        {
            yield return sample;
        }
    }

    /// <summary>/health: 503 when a listener did not start, a loop is dead or stalled, or the sealing loop fails;
    /// 200 otherwise, with a line per destination that cannot be reached (its points wait on disk meanwhile).</summary>
    public HealthReport Check()
    {
        var unhealthy = new List<string>();
        var degraded = new List<string>();
        var snapshots = Readiness.CheckListenersAndLoops(listeners, loops, unhealthy, degraded);
        var buffer = forwarding.Buffer;
        if (buffer.Full)
        {
            degraded.Add($"buffer full ({buffer.BytesUsed:N0} of {buffer.BytesLimit:N0} bytes): input {(forwarding.Plan.Buffer.Overflow == Relay.Buffer.BufferOverflow.Block ? "blocked" : "dropping the oldest chunks")}");
        }

        var text = new StringBuilder();
        var summary = unhealthy.Count > 0 ? "unhealthy: " + string.Join("; ", unhealthy.Concat(degraded))
            : degraded.Count > 0 ? "degraded: " + string.Join("; ", degraded)
            : $"ok: relay to {forwarding.Plan.Destinations.Count} destinations";
        text.Append(summary).Append('\n');
        var now = DateTimeOffset.UtcNow;
        for (var d = 0; d < forwarding.Plan.Destinations.Count; d++)
        {
            var stats = buffer.Stats(d);
            text.Append("destination ").Append(forwarding.Plan.Destinations[d]).Append(": ")
                .Append(stats.ChunksQueued).Append(" chunks queued, oldest unsent ")
                .Append(Math.Round(stats.OldestAge(now).TotalSeconds)).Append(" s\n");
        }

        foreach (var (snapshot, _) in snapshots)
        {
            text.Append("loop ").Append(snapshot.Describe()).Append('\n');
        }

        return new HealthReport(unhealthy.Count == 0 && degraded.Count == 0, unhealthy.Count == 0, text.ToString().TrimEnd('\n'));
    }
}

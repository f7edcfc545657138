using System.Globalization;
using System.Text;
using Mine.Core.Ports;
using Mine.Ingestion;
using Mine.Listeners;
using Mine.Protocols.Graphite;

namespace Mine.Hosting;

/// <summary>
/// Mine's own metrics, as one list of (name, labels, value) samples: rendered as Prometheus text on
/// /_internal/metrics and stored as Graphite series under mine.&lt;node&gt;. by <see cref="SelfMetricsReporter"/>.
/// </summary>
public sealed partial class MineMetrics(IngestPipeline pipeline, IStorageStatus storage, IEnumerable<IIngestListener> listeners, LoopRegistry loops, TcpListenerSettings tcp,
    IEnumerable<IMetricSource> sources, RequestCounters? requests = null) : IMetricsCollector
{
    public readonly record struct Sample(string Name, string Help, string Type, IReadOnlyList<(string Key, string Value)> Labels, double Value);

    public IEnumerable<Sample> Collect()
    {
        var none = Array.Empty<(string, string)>();
        yield return new("mine_points_ingested_total", "Points durably accepted into storage (in the WAL) and visible to queries.", "counter", none, pipeline.PointsIngested);
        foreach (var sample in IngestSamples().Concat(ListenerSamples(listeners)))
        {
            yield return sample;
        }

        yield return new("mine_storage_series", "Series known to storage.", "gauge", none, storage.SeriesCount);
        foreach (var metric in storage.Metrics())
        {
            yield return new("mine_storage_" + metric.Name, metric.Help, metric.Kind == StorageMetricKind.Counter ? "counter" : "gauge", none, metric.Value);
        }

        foreach (var sample in sources.SelectMany(static s => s.Samples()).Concat(LoopSamples(loops)))
        {
            yield return sample;
        }

        if (requests is not null)
        {
            foreach (var (endpoint, status, count) in requests.Responses)
            {
                yield return new("mine_http_responses_total", "HTTP answers by endpoint family and status (400s are refused bad input, 503s busy renders).", "counter",
                    [("endpoint", endpoint), ("code", status.ToString(CultureInfo.InvariantCulture))], count);
            }

            yield return new("mine_render_refused_total", "Renders refused with 503 because every render slot and queue place was taken.", "counter", none, requests.RendersRefused);
            yield return new("mine_render_consolidated_total", "Renders whose reads were consolidated while read to the points they draw (maxDataPoints or width), because reading every point would pass MaxPointsPerRequest or MaxRequestMemoryMB.", "counter", none, requests.RendersConsolidated);
            yield return new("mine_render_in_progress", "Renders running or waiting for a slot.", "gauge", none, requests.RendersInside);
        }

        foreach (var sample in ProcessSamples())
        {
            yield return sample;
        }
    }

    /// <summary>Every ingest listener's counters (serve and relay have the same listeners).</summary>
    public static IEnumerable<Sample> ListenerSamples(IEnumerable<IIngestListener> listeners)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        var none = Array.Empty<(string, string)>();
        foreach (var listener in listeners)
        {
            var c = listener.Counters;
            var labels = new[] { ("protocol", c.Protocol), ("transport", c.Transport) };
            yield return new("mine_listener_received_total", "Lines, datagrams items or pickle items received.", "counter", labels, Interlocked.Read(ref c.Received));
            yield return new("mine_listener_invalid_total", "Input refused by the parser (bad lines, bad frames).", "counter", labels, Interlocked.Read(ref c.Invalid));
            yield return new("mine_listener_dropped_total", "Valid points not stored (NaN values, outside retention).", "counter", labels, Interlocked.Read(ref c.Dropped));
            yield return new("mine_listener_accepted_total", "Points from this listener accepted by storage.", "counter", labels, Interlocked.Read(ref c.Accepted));
            yield return new("mine_listener_connections_total", "Connections accepted.", "counter", labels, Interlocked.Read(ref c.Connections));
            yield return new("mine_listener_active_connections", "Connections open now.", "gauge", labels, Interlocked.Read(ref c.ActiveConnections));
            foreach (var sample in ListenerGuardSamples(c, labels))
            {
                yield return sample;
            }

            yield return new("mine_listener_names_repaired_total", "Points accepted under a repaired name (empty path components removed: a..b stored as a.b).", "counter", labels, Interlocked.Read(ref c.NamesRepaired));
        }

        foreach (var listener in listeners.Where(static l => l.Counters.Protocol is "plaintext" or "pickle"))
        {
            var c = listener.Counters;
            foreach (var reason in Enum.GetValues<RejectReason>().Where(static r => r != RejectReason.None))
            {
                yield return new("mine_listener_invalid_by_reason_total", "Input refused by the parser, by reason.", "counter",
                    [("protocol", c.Protocol), ("transport", c.Transport), ("reason", reason.ToString())], Interlocked.Read(ref c.InvalidByReason[(int)reason]));
            }
        }

        foreach (var collectd in listeners.OfType<CollectdUdpListener>())
        {
            if (collectd.ProtocolCounters is not { } protocol)
            {
                continue;
            }

            yield return new("mine_collectd_value_lists_total", "collectd value lists dispatched by accepted parts.", "counter", none, Interlocked.Read(ref protocol.ValueLists));
            yield return new("mine_collectd_notifications_total", "collectd notifications received.", "counter", none, Interlocked.Read(ref protocol.Notifications));
            foreach (var (reason, count) in protocol.AllRejections())
            {
                yield return new("mine_collectd_rejected_total", "collectd packets or parts rejected, by reason.", "counter", [("reason", reason.ToString())], count);
            }

            var naming = collectd.NamingCounters;
            yield return new("mine_collectd_unknown_type_total", "Value lists whose type is not in types.db.", "counter", none, naming.UnknownType);
            yield return new("mine_collectd_ds_mismatch_total", "Value lists whose value count does not match types.db.", "counter", none, naming.DsCountMismatch + naming.DsTypeMismatch);
            yield return new("mine_collectd_too_old_total", "Value lists not newer than the last one of the same identifier.", "counter", none, naming.TooOld);
            yield return new("mine_collectd_no_rate_yet_total", "Counter values without a previous sample to make a rate from.", "counter", none, naming.NoRateYet);
            yield return new("mine_collectd_out_of_range_total", "Rates outside the types.db min/max.", "counter", none, naming.OutOfRange);
            yield return new("mine_collectd_bad_name_total", "Values whose write_graphite name storage cannot hold (invalid UTF-8 after collectd's 127-byte field cut).", "counter", none, naming.BadName);
        }

    }

    /// <summary>The process's memory and garbage collection.</summary>
    public static IEnumerable<Sample> ProcessSamples()
    {
        var none = Array.Empty<(string, string)>();
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            yield return new("mine_gc_collections_total", "Garbage collections by generation (gen 2 includes full, blocking ones).", "counter",
                [("generation", generation.ToString(CultureInfo.InvariantCulture))], GC.CollectionCount(generation));
        }

        yield return new("mine_gc_pause_seconds_total", "Time every thread was paused by garbage collection (ingest too).", "counter", none, GC.GetTotalPauseDuration().TotalSeconds);
        yield return new("mine_process_resident_bytes", "Resident set size.", "gauge", none, Environment.WorkingSet);
        yield return new("mine_process_managed_heap_bytes", "Managed heap size.", "gauge", none, GC.GetTotalMemory(false));
    }

    /// <summary>
    /// Prometheus text format: one HELP and TYPE per metric family, its samples together (strict parsers refuse a
    /// family that appears twice), families in the order they are first collected.
    /// </summary>
    public string RenderPrometheusText() => RenderPrometheusText(Collect());

    public static string RenderPrometheusText(IEnumerable<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var families = new List<List<Sample>>();
        var byName = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            if (!byName.TryGetValue(sample.Name, out var family))
            {
                byName[sample.Name] = family = [];
                families.Add(family);
            }

            family.Add(sample);
        }

        var text = new StringBuilder();
        foreach (var family in families)
        {
            var first = family[0];
            text.Append("# HELP ").Append(first.Name).Append(' ').Append(first.Help).Append('\n');
            text.Append("# TYPE ").Append(first.Name).Append(' ').Append(first.Type).Append('\n');
            foreach (var sample in family)
            {
                AppendSample(text, sample);
            }
        }

        return text.ToString();
    }

    private static void AppendSample(StringBuilder text, Sample sample)
    {
        text.Append(sample.Name);
        if (sample.Labels.Count > 0)
        {
            text.Append('{');
            for (var i = 0; i < sample.Labels.Count; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(sample.Labels[i].Key).Append("=\"").Append(EscapeLabel(sample.Labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
    }

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}

using Mine.Core.Health;
using Mine.Core.Ports;

namespace Mine.ClickHouse;

/// <summary>Health, metrics and maintenance: what the host's /health, /_internal/metrics and flush endpoints need.</summary>
public sealed partial class ClickHouseStore
{
    /// <summary>How long a flush waits for ClickHouse to take the backlog.</summary>
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(60);

    public int SeriesCount => _names.Count;

    public string? Problem => _backlog.Problem ?? Volatile.Read(ref _namesProblem);

    /// <summary>The backlog takes writes while its disk does; an unreachable ClickHouse is a problem, not a refusal.</summary>
    public bool WritesFailing => false;

    public IReadOnlyList<LoopHealth> Loops => [_senderHealth, _namesHealth];

    public IReadOnlyList<StorageMetric> Metrics()
    {
        var c = _backlog.Counters;
        return
        [
            new("series", "Series this node knows (its own and those read from ClickHouse's index).", StorageMetricKind.Gauge, _names.Count),
            new("clickhouse_inserts_total", "Inserts ClickHouse acknowledged.", StorageMetricKind.Counter, c.InsertsSent),
            new("clickhouse_rows_sent_total", "Rows ClickHouse acknowledged (points, index and tagged rows).", StorageMetricKind.Counter, c.RowsSent),
            new("clickhouse_bytes_sent_total", "Bytes of acknowledged inserts as sent (gzip-compressed unless compression is off).", StorageMetricKind.Counter, c.BytesSent),
            new("clickhouse_insert_seconds_total", "Time spent in acknowledged inserts (divide by inserts for the mean latency).", StorageMetricKind.Counter, c.InsertSeconds),
            new("clickhouse_backlog_bytes", "Rows logged on this node's disk and not yet acknowledged by ClickHouse.", StorageMetricKind.Gauge, _backlog.BacklogBytes),
            new("clickhouse_recent_points", "Accepted points held in memory until ClickHouse shows them.", StorageMetricKind.Gauge, _writer.Recent.Count),
            new("clickhouse_errors_network_total", "Inserts that got no answer (refused, reset, timed out); retried.", StorageMetricKind.Counter, c.NetworkErrors),
            new("clickhouse_errors_server_total", "Inserts ClickHouse failed (5xx); retried.", StorageMetricKind.Counter, c.ServerErrors),
            new("clickhouse_errors_refused_total", "Inserts ClickHouse refused as wrong (a missing table, another schema); retried until an operator fixes it.", StorageMetricKind.Counter, c.RefusedErrors),
        ];
    }

    /// <summary>Returns once ClickHouse acknowledged every point accepted before the call.</summary>
    /// <exception cref="IOException">ClickHouse did not take the backlog within a minute; nothing is lost, it stays on disk.</exception>
    public void FlushNow()
    {
        if (_backlog.Problem is { } failing)
        {
            // ClickHouse is failing now: waiting a minute would only delay a shutdown; the backlog is on disk.
            throw new IOException($"ClickHouse is not taking points ({failing})");
        }

        if (!_backlog.DrainAsync(FlushTimeout).GetAwaiter().GetResult())
        {
            throw new IOException($"ClickHouse did not take the backlog within {FlushTimeout.TotalSeconds:0} s ({Problem ?? "no error yet"}); it stays on disk and is sent when ClickHouse answers");
        }
    }

    /// <summary><see cref="FlushNow"/>, then <c>OPTIMIZE … FINAL</c> of the points table, which applies the rollup now.
    /// On a cluster the Distributed table cannot be optimized: run it on one replica per shard (docs/clickhouse.md).</summary>
    public void CompactNow()
    {
        FlushNow();
        try
        {
            _client.QueryAsync($"OPTIMIZE TABLE {_options.Tables.Database}.{_options.Tables.Points} FINAL").GetAwaiter().GetResult();
        }
        catch (Http.ClickHouseException ex)
        {
            throw new IOException($"ClickHouse refused to optimize {_options.Tables.Points}: {ex.Message}", ex);
        }
    }
}

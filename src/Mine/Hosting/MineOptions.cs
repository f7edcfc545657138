namespace Mine.Hosting;

/// <summary>
/// Every setting of <c>mine serve</c>. Bound from configuration section "Mine": appsettings.json, then
/// environment variables (<c>MINE__HTTP=127.0.0.1:9090</c>), then the command line, the last one winning.
/// </summary>
public sealed class MineOptions
{
    public const string Section = "Mine";

    /// <summary>Data folder of the embedded store.</summary>
    public string Data { get; set; } = "data";

    /// <summary>HTTP API and UI: host:port or off.</summary>
    public string Http { get; set; } = "0.0.0.0:8080";

    /// <summary>Graphite plaintext, TCP and UDP on the same address: host:port or off.</summary>
    public string Plaintext { get; set; } = "0.0.0.0:2003";

    /// <summary>Graphite pickle over TCP: host:port or off.</summary>
    public string Pickle { get; set; } = "0.0.0.0:2004";

    /// <summary>carbon storage-schemas.conf; built-in defaults when empty.</summary>
    public string? Schemas { get; set; }

    /// <summary>carbon storage-aggregation.conf; built-in defaults when empty.</summary>
    public string? Aggregation { get; set; }

    /// <summary>Name under which Mine records its own metrics: mine.&lt;node&gt;.… (defaults to the host name).</summary>
    public string? NodeName { get; set; }

    /// <summary>WAL fsync policy: none, interval (default, every second) or always.</summary>
    public string WalSync { get; set; } = "interval";

    /// <summary>Refuse a render request that would read more series than this.</summary>
    public int MaxSeriesPerRequest { get; set; } = 100_000;

    /// <summary>Refuse a find or expand whose glob matches more nodes than this (a bound on the answer's memory).</summary>
    public int MaxFindNodes { get; set; } = 1_000_000;

    /// <summary>Refuse a render request that would return more points than this (memory guard).</summary>
    public long MaxPointsPerRequest { get; set; } = 20_000_000;

    /// <summary>Seconds between two samples of Mine's own metrics stored as series; 0 disables it.</summary>
    public int SelfMetricsIntervalSeconds { get; set; } = 10;
}

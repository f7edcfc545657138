using Mine.Fleet;
namespace Mine.Hosting;

/// <summary>
/// Every setting of <c>mine serve</c>. Bound from configuration section "Mine": appsettings.json, then
/// environment variables (<c>MINE__HTTP=127.0.0.1:9090</c>), then the command line, the last one winning.
/// </summary>
public sealed class MineOptions
{
    public const string Section = "Mine";

    /// <summary>JSON config files read after appsettings.json beside the binary and before the environment and
    /// the flags (<c>--config FILE</c>, repeatable; <c>MINE__CONFIGFILES__0</c>). A file named here must exist.</summary>
    public List<string> ConfigFiles { get; set; } = new();

    /// <summary>Data folder of the embedded store.</summary>
    public string Data { get; set; } = "data";

    /// <summary>HTTP API and UI: host:port or off.</summary>
    public string Http { get; set; } = "0.0.0.0:8080";

    /// <summary>Graphite plaintext, TCP and UDP on the same address: host:port or off.</summary>
    public string Plaintext { get; set; } = "0.0.0.0:2003";

    /// <summary>Graphite pickle over TCP: host:port or off.</summary>
    public string Pickle { get; set; } = "0.0.0.0:2004";

    /// <summary>collectd network protocol over UDP (IPv4, IPv6, or a multicast group to join): host:port or off.</summary>
    public string Collectd { get; set; } = "0.0.0.0:25826";

    /// <summary>collectd listener SecurityLevel: None, Sign or Encrypt (the last two need an AuthFile).</summary>
    public string CollectdSecurityLevel { get; set; } = "None";

    /// <summary>collectd AuthFile ("user: password" lines), re-read when it changes.</summary>
    public string? CollectdAuthFile { get; set; }

    /// <summary>Extra collectd types.db files, loaded after the built-in one (later definitions win).</summary>
    public List<string> CollectdTypesDb { get; set; } = new();

    /// <summary>How collectd value lists are named as Graphite series: collectd's write_graphite options.</summary>
    public WriteGraphiteSettings WriteGraphite { get; set; } = new();

    /// <summary>Accept chunks from relays on this address (the forward protocol, docs/relay.md): host:port or off.</summary>
    public string ForwardListen { get; set; } = "off";

    /// <summary>PEM certificate of this node for the forward protocol; with <see cref="TlsKey"/> and <see cref="TlsCa"/>
    /// the forward protocol runs over mutual TLS (all three or none).</summary>
    public string? TlsCert { get; set; }

    public string? TlsKey { get; set; }

    /// <summary>PEM certificate(s) of the CA that signs every peer.</summary>
    public string? TlsCa { get; set; }

    /// <summary>`mine relay`'s settings: buffer, destinations, route.</summary>
    public RelaySettings Relay { get; set; } = new();

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

    /// <summary>Refuse to keep evaluating render targets after this many seconds.</summary>
    public double MaxQuerySeconds { get; set; } = 30;

    /// <summary>New series one source (a TCP/UDP sender's address, a collectd host) may create per minute; points
    /// of further new series are refused and counted. 0: no limit.</summary>
    public int MaxNewSeriesPerSourcePerMinute { get; set; } = 100_000;

    /// <summary>New series one source may create at once before the per-minute rate applies: a relay forwarding a
    /// whole fleet to a fresh Mine creates all of its series in the first seconds.</summary>
    public int NewSeriesBurstPerSource { get; set; } = 2_000_000;

    /// <summary>TCP ingest connections across listeners; beyond, new ones are accepted and closed at once.
    /// 0: automatic, half the process's open-files limit and at most 10,000.</summary>
    public int MaxConnections { get; set; }

    /// <summary>TCP connections one listener (plaintext, pickle) holds at most; 0: only the total cap.</summary>
    public int MaxConnectionsPerListener { get; set; }

    /// <summary>TCP connections one remote address holds at most across listeners; 0: no cap.</summary>
    public int MaxConnectionsPerSource { get; set; } = 1_000;

    /// <summary>A TCP connection that sends nothing for this many seconds is closed; 0: never.</summary>
    public double TcpIdleTimeoutSeconds { get; set; } = 600;

    /// <summary>Receive-buffer memory of all TCP connections together, in MiB (a pickle frame that does not fit
    /// closes its connection).</summary>
    public int ConnectionBufferBudgetMiB { get; set; } = 256;

    /// <summary>Values one render may read and allocate in all, in MB (8 bytes a point), checked before allocating.</summary>
    public long MaxRequestMemoryMB { get; set; } = Query.Evaluation.QueryLimits.DefaultMaxMemoryMegabytes;

    /// <summary>Renders computing at once (0: one per core); more wait in the queue.</summary>
    public int MaxConcurrentRenders { get; set; }

    /// <summary>Renders that may wait for a slot; beyond that they are refused with 503 and Retry-After.</summary>
    public int MaxQueuedRenders { get; set; } = 16;

    /// <summary>How long a render may wait for a slot before it is refused with 503.</summary>
    public double RenderQueueSeconds { get; set; } = 10;

    /// <summary>A render, find or expand taking at least this many milliseconds logs one Warning line (category
    /// Mine.SlowQuery) with its targets, time, series and points read and status; 0: none.</summary>
    public int SlowQueryMilliseconds { get; set; } = 1000;

    /// <summary>Linux nice value of the render threads (0-19): how much CPU ingest gets before queries when both want it.</summary>
    public int RenderNice { get; set; } = 10;

    /// <summary>
    /// Bearer token every request that changes state needs (POST /events, /_internal/flush, /_internal/compact,
    /// /_internal/import, the tag writes). Without one, the token is read from <see cref="AdminTokenFile"/>, which is
    /// made on the first start.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>File holding the admin token when <see cref="AdminToken"/> is not set; made (mode 0600, 32 random
    /// bytes as hex) if missing. Default: <c>admin-token</c> in the data folder.</summary>
    public string? AdminTokenFile { get; set; }

    /// <summary>Bearer token that lets a request read when reads need credentials; setting it makes them need
    /// credentials (everything but /health and /health/live).</summary>
    public string? ReadToken { get; set; }

    /// <summary>Users of HTTP basic auth, <c>user:pbkdf2_sha256$…</c> lines (<c>mine auth hash-password</c>); setting
    /// it makes reads need credentials.</summary>
    public string? BasicAuthFile { get; set; }

    /// <summary>PEM certificate (with its chain) for HTTPS on <see cref="Http"/>; with <see cref="HttpTlsKey"/>.</summary>
    public string? HttpTlsCert { get; set; }

    /// <summary>PEM private key of <see cref="HttpTlsCert"/>.</summary>
    public string? HttpTlsKey { get; set; }

    /// <summary>Whether jsonp= wraps answers in a callback (any web page can then read them); off by default.</summary>
    public bool Jsonp { get; set; }

    /// <summary>Seconds between two samples of Mine's own metrics stored as series; 0 disables it.</summary>
    public int SelfMetricsIntervalSeconds { get; set; } = 10;

    /// <summary>How hosts are found in Graphite paths, grouped, and judged stale.</summary>
    public FleetSettings Fleet { get; set; } = new();

    /// <summary>How the landmine detection judges each group (docs/ui.md, "Landmines"; decision 0029).</summary>
    public LandmineOptions Landmines { get; set; } = new();

    /// <summary>Alerts: what alerts, where they are sent, how they are batched and retried (docs/alerts.md).</summary>
    public AlertSettings Alerts { get; set; } = new();

    /// <summary>Fill the store with a synthetic fleet (backfilled, then live) so every page has data.</summary>
    public bool Demo { get; set; }

    /// <summary>Storage in ClickHouse instead of the embedded store (docs/clickhouse.md); off without a URL.</summary>
    public ClickHouseSettings ClickHouse { get; set; } = new();
}

/// <summary>Where and how `serve` stores into ClickHouse (docs/clickhouse.md).</summary>
public sealed class ClickHouseSettings
{
    /// <summary>ClickHouse's HTTP interface, e.g. <c>http://127.0.0.1:8123/?database=graphite</c>; empty: the embedded store.</summary>
    public string? Url { get; set; }

    /// <summary>The <c>graphite_rollup</c> section of ClickHouse's config the points table rolls up by.</summary>
    public string Rollup { get; set; } = "graphite_rollup";

    /// <summary>A cluster of ClickHouse's remote_servers: the tables are then Distributed ones, made by
    /// <c>mine clickhouse-schema --cluster</c>, never by a start.</summary>
    public string? Cluster { get; set; }

    public string PointsTable { get; set; } = "graphite";

    public string IndexTable { get; set; } = "graphite_index";

    public string TaggedTable { get; set; } = "graphite_tagged";

    /// <summary>How often series other nodes created are read from the index (seconds).</summary>
    public int NamesRefreshSeconds { get; set; } = 30;

    /// <summary>Inserts gzip-compressed (<c>gzip</c>), as they are (<c>none</c>), or <c>auto</c>: compressed unless
    /// ClickHouse is on a loopback address, where compressing only costs both sides CPU.</summary>
    public string Compression { get; set; } = "auto";
}

/// <summary>The fleet registry's rules (docs/ui.md, "Hosts, groups and stale").</summary>
public sealed class FleetSettings
{
    /// <summary>Node of a Graphite path that names the host: <c>auto</c> (learnt per namespace from the paths, docs/ui.md
    /// "How a host is found"), 0 for write_graphite's <c>host.plugin.…</c>, 1 for <c>servers.host.…</c>; -1: Graphite
    /// paths never create hosts.</summary>
    public string GraphiteHostNode { get; set; } = FleetSetup.AutoHostNode;

    /// <summary>Only Graphite paths starting with this text create hosts (e.g. <c>servers.</c>); empty: all.</summary>
    public string GraphitePrefix { get; set; } = "";

    /// <summary>Regular expressions tried in order on the host name; the first match's <c>group</c> capture (or first
    /// capture, or whole match) is the group. Default rule after them: the name without its trailing number.</summary>
    public List<string> GroupRules { get; set; } = new();

    /// <summary>Sending interval assumed until a host's own is observed, and the least one used (seconds).</summary>
    public double IntervalSeconds { get; set; } = 10;

    /// <summary>A host is stale after this many of its intervals without data.</summary>
    public int StaleIntervals { get; set; } = 3;

    /// <summary>The landmine detection runs again after this many seconds (in the background and when asked).</summary>
    public int LandmineRefreshSeconds { get; set; } = LandmineDetector.DefaultRefreshSeconds;
}

/// <summary>Alerts and their delivery (docs/alerts.md).</summary>
public sealed class AlertSettings
{
    /// <summary>Webhooks every alert is sent to: a URL (Mine's JSON) or <c>slack:URL</c>, <c>mattermost:URL</c>, <c>json:URL</c>.</summary>
    public List<string> Webhooks { get; set; } = new();

    /// <summary>JSON file of threshold rules over render targets; none: only landmines and stale hosts alert.</summary>
    public string? RulesFile { get; set; }

    /// <summary>Seconds between two evaluations of everything that alerts.</summary>
    public int EvaluateSeconds { get; set; } = 30;

    /// <summary>Alerts changing state within this many seconds go out as one message per webhook.</summary>
    public double GroupSeconds { get; set; } = 10;

    /// <summary>A firing alert whose condition is gone resolves only after this many seconds without it coming back.</summary>
    public int ResolveDelaySeconds { get; set; } = 120;

    /// <summary>Longest wait between two attempts of a failed delivery (the wait starts at 1 s and doubles).</summary>
    public double RetryMaxSeconds { get; set; } = 300;

    /// <summary>Attempts of one message before it is given up.</summary>
    public int RetryMaxAttempts { get; set; } = 10;

    /// <summary>Seconds one delivery attempt may take.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Alerts waiting to be batched, and messages waiting per webhook, at most; beyond, the oldest is dropped.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Mine's address as people reach it (https://mine.example.com), for the links in messages; none: links are paths.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Whether landmines (hosts out of line with their group) alert.</summary>
    public bool Landmines { get; set; } = true;

    /// <summary>Whether hosts that stop sending alert.</summary>
    public bool StaleHosts { get; set; } = true;
}

/// <summary>`mine relay`'s settings (docs/relay.md).</summary>
public sealed class RelaySettings
{
    /// <summary>Folder of the disk buffer (chunks wait there until a destination acknowledges them).</summary>
    public string Buffer { get; set; } = "relay-buffer";

    /// <summary>Total size of the buffer: a number of bytes or with a unit, 512M, 4G (default 4G).</summary>
    public string BufferLimit { get; set; } = "4G";

    /// <summary>What happens when the buffer is full: block (TCP senders wait) or drop-oldest.</summary>
    public string Overflow { get; set; } = "block";

    /// <summary>Mine nodes (serve --forward-listen, or relays) to forward chunks to, HOST:PORT[:INSTANCE].</summary>
    public List<string> ForwardTo { get; set; } = new();

    /// <summary>carbon-cache or go-carbon servers to feed, HOST:PORT[:INSTANCE] (no acknowledgements there).</summary>
    public List<string> CarbonTo { get; set; } = new();

    /// <summary>How --carbon-to destinations are fed: pickle (as carbon-relay does, default) or plaintext.</summary>
    public string CarbonProtocol { get; set; } = "pickle";

    /// <summary>carbon_ch (default), c_relay_carbon_ch, fnv1a_ch, any_of or all.</summary>
    public string Route { get; set; } = "carbon_ch";

    /// <summary>Destinations each point goes to (not for all).</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Seconds a chunk fills before it is sealed and sent (Fluentd's flush_interval).</summary>
    public double FlushIntervalSeconds { get; set; } = 1;

    /// <summary>Record bytes at which a chunk is sealed (Fluentd's chunk_limit_size), in MiB.</summary>
    public int ChunkLimitMiB { get; set; } = 8;
}

/// <summary>collectd write_graphite's options, with its defaults.</summary>
public sealed class WriteGraphiteSettings
{
    public string Prefix { get; set; } = "";

    public string Postfix { get; set; } = "";

    public string EscapeCharacter { get; set; } = "_";

    public bool StoreRates { get; set; } = true;

    public bool SeparateInstances { get; set; }

    public bool AlwaysAppendDS { get; set; }

    public bool PreserveSeparator { get; set; }

    public bool DropDuplicateFields { get; set; }
}

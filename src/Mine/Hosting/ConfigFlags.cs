using System.CommandLine;

namespace Mine.Hosting;

/// <summary>
/// Command-line flags that set configuration keys of section "Mine" (the same keys appsettings.json, --config files
/// and MINE__… environment variables set; the command line wins). `serve`, `relay` and `config check` take their
/// flags from here, so they accept the same input with the same defaults, and errors and docs/configuration.md can
/// name the flag of every key.
/// </summary>
internal sealed partial class ConfigFlags
{
    private readonly List<(Option<string?> Option, string Key)> _scalars = [];
    private readonly List<(Option<string[]> Option, string Key)> _lists = [];
    private readonly List<(Option<bool> Option, string Key)> _switches = [];

    /// <summary>Every flag: its name (<c>--http</c>), the key under "Mine" it sets, and whether it repeats.</summary>
    public IEnumerable<(string Name, string Key, bool Repeatable)> Flags =>
        _scalars.Select(static s => (s.Option.Name, s.Key, false))
            .Concat(_lists.Select(static l => (l.Option.Name, l.Key, true)))
            .Concat(_switches.Select(static s => (s.Option.Name, s.Key, false)));

    /// <summary>The flags of every ingest listener, the HTTP address with its TLS files and read access, the forward protocol's listener and its TLS files.</summary>
    public static ConfigFlags Listeners()
    {
        var flags = new ConfigFlags();
        flags.List("--config", "JSON config file with a \"Mine\" section, read after appsettings.json beside the binary; flags and MINE__ variables override it (repeatable, later files win).", nameof(MineOptions.ConfigFiles));
        flags.Scalar("--http", "HTTP address (API, /health, /_internal/metrics), host:port or off (default 0.0.0.0:8080).", nameof(MineOptions.Http));
        flags.Scalar("--http-tls-cert", "PEM certificate (and chain) to serve HTTPS on --http instead of HTTP; with --http-tls-key.", nameof(MineOptions.HttpTlsCert));
        flags.Scalar("--http-tls-key", "PEM private key of --http-tls-cert (unencrypted, readable only by Mine's user).", nameof(MineOptions.HttpTlsKey));
        flags.Scalar("--read-token", "Bearer token that may read; setting it makes every request but /health need credentials.", nameof(MineOptions.ReadToken));
        flags.Scalar("--basic-auth-file", "Users of HTTP basic auth, user:hash lines made by 'mine auth hash-password USER'; setting it makes every request but /health need credentials.", nameof(MineOptions.BasicAuthFile));
        flags.Scalar("--plaintext", "Graphite plaintext TCP+UDP address, host:port or off (default 0.0.0.0:2003).", nameof(MineOptions.Plaintext));
        flags.Scalar("--pickle", "Graphite pickle TCP address, host:port or off (default 0.0.0.0:2004).", nameof(MineOptions.Pickle));
        flags.Scalar("--collectd", "collectd network protocol, UDP host:port or off (default 0.0.0.0:25826); a multicast address is joined.", nameof(MineOptions.Collectd));
        flags.Scalar("--collectd-security-level", "None | Sign | Encrypt, as collectd's SecurityLevel (default None).", nameof(MineOptions.CollectdSecurityLevel));
        flags.Scalar("--collectd-auth-file", "collectd AuthFile (user: password per line), needed for Sign and Encrypt.", nameof(MineOptions.CollectdAuthFile));
        flags.List("--collectd-types-db", "Extra collectd types.db file (repeatable).", nameof(MineOptions.CollectdTypesDb));
        flags.Scalar("--node-name", "Name for Mine's own metrics, stored under mine.<node>. (default: host name).", nameof(MineOptions.NodeName));
        flags.Scalar("--forward-listen", "Accept chunks from relays (mine relay --forward-to) on host:port, or off (default off). Acknowledged once durable.", nameof(MineOptions.ForwardListen));
        flags.Scalar("--tls-cert", "PEM certificate of this node for the forward protocol (with --tls-key and --tls-ca: mutual TLS; see mine cert).", nameof(MineOptions.TlsCert));
        flags.Scalar("--tls-key", "PEM private key of --tls-cert.", nameof(MineOptions.TlsKey));
        flags.Scalar("--tls-ca", "PEM certificate(s) of the CA that signs the peers; a peer without a certificate it signed is refused.", nameof(MineOptions.TlsCa));
        return flags;
    }

    /// <summary>`mine serve`'s flags: the listeners' and those of storage, the fleet and the demo.</summary>
    public static ConfigFlags Serve() => Listeners().WithServeFlags();

    /// <summary>`mine relay`'s flags: the listeners' and those of the buffer, the destinations and the route.</summary>
    public static ConfigFlags Relay() => Listeners().WithRelayFlags();

    /// <summary>Every flag of `serve` and `relay`, for `mine config check`.</summary>
    public static ConfigFlags ServeAndRelay() => Listeners().WithServeFlags().WithRelayFlags();

    private ConfigFlags WithServeFlags()
    {
        var flags = this;
        flags.Scalar("--data", "Data folder of the embedded store (default ./data).", nameof(MineOptions.Data));
        flags.Scalar("--schemas", "carbon storage-schemas.conf to use instead of the built-in retentions.", nameof(MineOptions.Schemas));
        flags.Scalar("--aggregation", "carbon storage-aggregation.conf to use instead of the built-in rules.", nameof(MineOptions.Aggregation));
        flags.Scalar("--host-node", "Node of a Graphite path that names the host: auto (default: learnt from the paths, for HOST.…, servers.HOST.…, collectd.HOST.…, env.dc.HOST.…), 0 for HOST.…, 1 for servers.HOST.…, -1 to ignore Graphite paths.", $"{nameof(MineOptions.Fleet)}:{nameof(FleetSettings.GraphiteHostNode)}");
        flags.Scalar("--admin-token", "Bearer token every write needs (POST /events, /_internal/flush, /_internal/compact, /_internal/import, /tags writes); default: the one in --admin-token-file.", nameof(MineOptions.AdminToken));
        flags.Scalar("--admin-token-file", "File holding the admin token, made with a random one if missing (default: DATA/admin-token, mode 0600).", nameof(MineOptions.AdminTokenFile));
        flags.Scalar("--wal-sync", "WAL fsync policy: none | interval | always (default interval: at most 1 s lost on power failure, nothing on a crash).", nameof(MineOptions.WalSync));
        flags.Scalar("--slow-query-ms", "Log a render, find or expand taking at least this many milliseconds, with its targets, series and points read (default 1000; 0: never).", nameof(MineOptions.SlowQueryMilliseconds));
        flags.List("--group-rule", "Regular expression naming a host's group by its 'group' or first capture (repeatable, tried in order; default: the name without its trailing number).", $"{nameof(MineOptions.Fleet)}:{nameof(FleetSettings.GroupRules)}");
        flags.List("--alert-webhook", "Send every alert to this URL: URL (Mine's JSON), slack:URL, mattermost:URL (repeatable; docs/alerts.md).", $"{nameof(MineOptions.Alerts)}:{nameof(AlertSettings.Webhooks)}");
        flags.Scalar("--alert-rules", "JSON file of threshold rules over render targets (docs/alerts.md), checked at start.", $"{nameof(MineOptions.Alerts)}:{nameof(AlertSettings.RulesFile)}");
        flags.Scalar("--clickhouse", "Store in ClickHouse instead of the embedded store: its HTTP URL, e.g. http://127.0.0.1:8123/?database=graphite (--data then holds only the backlog; docs/clickhouse.md).", $"{nameof(MineOptions.ClickHouse)}:{nameof(ClickHouseSettings.Url)}");
        flags.Scalar("--clickhouse-rollup", "The graphite_rollup section of ClickHouse's config the points table rolls up by (default graphite_rollup).", $"{nameof(MineOptions.ClickHouse)}:{nameof(ClickHouseSettings.Rollup)}");
        flags.Scalar("--clickhouse-cluster", "The ClickHouse cluster whose Distributed tables Mine uses (made by mine clickhouse-schema --cluster); without it a start creates missing tables on one server.", $"{nameof(MineOptions.ClickHouse)}:{nameof(ClickHouseSettings.Cluster)}");
        flags.Switch("--demo", "Fill the store with a synthetic fleet of a few hundred hosts (with landmines), then live points every 5 s. Without --data, uses a temporary folder deleted at exit.", nameof(MineOptions.Demo));
        return flags;
    }

    private ConfigFlags WithRelayFlags()
    {
        var flags = this;
        const string relay = nameof(MineOptions.Relay);
        flags.Scalar("--buffer", "Folder of the disk buffer (default ./relay-buffer).", $"{relay}:{nameof(RelaySettings.Buffer)}");
        flags.Scalar("--buffer-limit", "Total size of the buffer, e.g. 512M, 4G (default 4G).", $"{relay}:{nameof(RelaySettings.BufferLimit)}");
        flags.Scalar("--overflow", "When the buffer is full: block (TCP senders wait, default) or drop-oldest.", $"{relay}:{nameof(RelaySettings.Overflow)}");
        flags.List("--forward-to", "A Mine to forward to (its --forward-listen), HOST:PORT[:INSTANCE] (repeatable).", $"{relay}:{nameof(RelaySettings.ForwardTo)}");
        flags.List("--carbon-to", "A carbon-cache or go-carbon to feed, HOST:PORT[:INSTANCE] (repeatable).", $"{relay}:{nameof(RelaySettings.CarbonTo)}");
        flags.Scalar("--carbon-protocol", "pickle (default, as carbon-relay) or plaintext, for --carbon-to.", $"{relay}:{nameof(RelaySettings.CarbonProtocol)}");
        flags.Scalar("--route", "carbon_ch (default), c_relay_carbon_ch, fnv1a_ch, any_of or all.", $"{relay}:{nameof(RelaySettings.Route)}");
        flags.Scalar("--replicas", "Destinations each point goes to (default 1; not with all).", $"{relay}:{nameof(RelaySettings.Replicas)}");
        flags.Scalar("--flush-interval", "Seconds a chunk fills before it is sent (default 1).", $"{relay}:{nameof(RelaySettings.FlushIntervalSeconds)}");
        return flags;
    }

    public Option<string?> Scalar(string name, string description, string key)
    {
        var option = new Option<string?>(name) { Description = description };
        _scalars.Add((option, key));
        return option;
    }

    public Option<string[]> List(string name, string description, string key)
    {
        var option = new Option<string[]>(name) { Description = description, AllowMultipleArgumentsPerToken = false };
        _lists.Add((option, key));
        return option;
    }

    /// <summary>A flag without a value that sets its key to true.</summary>
    public Option<bool> Switch(string name, string description, string key)
    {
        var option = new Option<bool>(name) { Description = description };
        _switches.Add((option, key));
        return option;
    }

    /// <summary>The option named <paramref name="name"/> (<c>--demo</c>), for the command that reads it itself.</summary>
    public Option<bool> SwitchNamed(string name) => _switches.First(s => s.Option.Name == name).Option;

    /// <summary>The option of any kind named <paramref name="name"/>.</summary>
    public Option OptionNamed(string name) =>
        _scalars.Select(static s => (Option)s.Option).Concat(_lists.Select(static l => l.Option)).Concat(_switches.Select(static s => s.Option)).First(o => o.Name == name);

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var (option, _) in _scalars)
        {
            command.Options.Add(option);
        }

        foreach (var (option, _) in _lists)
        {
            command.Options.Add(option);
        }

        foreach (var (option, _) in _switches)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The configuration keys the given flags set (key "Mine:X", lists as "Mine:X:0", "Mine:X:1"…).</summary>
    public void AddOverrides(ParseResult parse, IDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var (option, key) in _scalars)
        {
            if (parse.GetValue(option) is { } value)
            {
                overrides[$"{MineOptions.Section}:{key}"] = value;
            }
        }

        foreach (var (option, key) in _lists)
        {
            var values = parse.GetValue(option) ?? [];
            for (var i = 0; i < values.Length; i++)
            {
                overrides[$"{MineOptions.Section}:{key}:{i}"] = values[i];
            }
        }

        foreach (var (option, key) in _switches)
        {
            if (parse.GetValue(option))
            {
                overrides[$"{MineOptions.Section}:{key}"] = "true";
            }
        }
    }
}

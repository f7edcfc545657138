using System.CommandLine;

namespace Mine.Hosting;

/// <summary>
/// Command-line flags that set configuration keys of section "Mine" (the same keys appsettings.json and MINE__…
/// environment variables set; the command line wins). `serve` and `relay` share the listener flags through it, so
/// the two accept the same input with the same defaults.
/// </summary>
internal sealed class ConfigFlags
{
    private readonly List<(Option<string?> Option, string Key)> _scalars = [];
    private readonly List<(Option<string[]> Option, string Key)> _lists = [];

    /// <summary>The flags of every ingest listener, the HTTP address, the forward protocol's listener and its TLS files.</summary>
    public static ConfigFlags Listeners()
    {
        var flags = new ConfigFlags();
        flags.List("--config", "JSON config file with a \"Mine\" section, read after appsettings.json beside the binary; flags and MINE__ variables override it (repeatable, later files win).", nameof(MineOptions.ConfigFiles));
        flags.Scalar("--http", "HTTP address (API, /health, /_internal/metrics), host:port or off (default 0.0.0.0:8080).", nameof(MineOptions.Http));
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
    }
}

using System.CommandLine;
using System.Reflection;
using Mine.Hosting;

namespace Mine;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new (Option<string?> Option, string Key)[]
        {
            (new Option<string?>("--data") { Description = "Data folder of the embedded store (default ./data)." }, nameof(MineOptions.Data)),
            (new Option<string?>("--http") { Description = "HTTP API address, host:port or off (default 0.0.0.0:8080)." }, nameof(MineOptions.Http)),
            (new Option<string?>("--plaintext") { Description = "Graphite plaintext TCP+UDP address, host:port or off (default 0.0.0.0:2003)." }, nameof(MineOptions.Plaintext)),
            (new Option<string?>("--pickle") { Description = "Graphite pickle TCP address, host:port or off (default 0.0.0.0:2004)." }, nameof(MineOptions.Pickle)),
            (new Option<string?>("--schemas") { Description = "carbon storage-schemas.conf to use instead of the built-in retentions." }, nameof(MineOptions.Schemas)),
            (new Option<string?>("--aggregation") { Description = "carbon storage-aggregation.conf to use instead of the built-in rules." }, nameof(MineOptions.Aggregation)),
            (new Option<string?>("--node-name") { Description = "Name for Mine's own metrics, stored under mine.<node>. (default: host name)." }, nameof(MineOptions.NodeName)),
            (new Option<string?>("--collectd") { Description = "collectd network protocol, UDP host:port or off (default 0.0.0.0:25826); a multicast address is joined." }, nameof(MineOptions.Collectd)),
            (new Option<string?>("--collectd-security-level") { Description = "None | Sign | Encrypt, as collectd's SecurityLevel (default None)." }, nameof(MineOptions.CollectdSecurityLevel)),
            (new Option<string?>("--collectd-auth-file") { Description = "collectd AuthFile (user: password per line), needed for Sign and Encrypt." }, nameof(MineOptions.CollectdAuthFile)),
            (new Option<string?>("--host-node") { Description = "Node of a Graphite path that names the host: 0 for host.plugin.… (default), 1 for servers.host.…, -1 to ignore Graphite paths." }, $"{nameof(MineOptions.Fleet)}:{nameof(FleetSettings.GraphiteHostNode)}"),
            (new Option<string?>("--admin-token") { Description = "Bearer token required for POST /events, /_internal/flush and /_internal/compact (default: none, writes only from loopback)." }, nameof(MineOptions.AdminToken)),
            (new Option<string?>("--wal-sync") { Description = "WAL fsync policy: none | interval | always (default interval: at most 1 s lost on power failure, nothing on a crash)." }, nameof(MineOptions.WalSync)),
        };

        var typesDb = new Option<string[]>("--collectd-types-db") { Description = "Extra collectd types.db file (repeatable).", AllowMultipleArgumentsPerToken = false };
        var groupRules = new Option<string[]>("--group-rule") { Description = "Regular expression naming a host's group by its 'group' or first capture (repeatable, tried in order; default: the name without its trailing number).", AllowMultipleArgumentsPerToken = false };
        var demo = new Option<bool>("--demo") { Description = "Fill the store with a synthetic fleet of a few hundred hosts (with landmines), then live points every 5 s. Without --data, uses a temporary folder deleted at exit." };
        var serve = new Command("serve", "Run Mine: Graphite and collectd listeners, the embedded store and the HTTP API.");
        foreach (var (option, _) in options)
        {
            serve.Options.Add(option);
        }

        serve.Options.Add(typesDb);
        serve.Options.Add(groupRules);
        serve.Options.Add(demo);

        serve.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (option, key) in options)
            {
                var value = parseResult.GetValue(option);
                if (value is not null)
                {
                    overrides[$"{MineOptions.Section}:{key}"] = value;
                }
            }

            var typesDbFiles = parseResult.GetValue(typesDb) ?? [];
            for (var i = 0; i < typesDbFiles.Length; i++)
            {
                overrides[$"{MineOptions.Section}:{nameof(MineOptions.CollectdTypesDb)}:{i}"] = typesDbFiles[i];
            }

            var rules = parseResult.GetValue(groupRules) ?? [];
            for (var i = 0; i < rules.Length; i++)
            {
                overrides[$"{MineOptions.Section}:{nameof(MineOptions.Fleet)}:{nameof(FleetSettings.GroupRules)}:{i}"] = rules[i];
            }

            string? demoData = null;
            if (parseResult.GetValue(demo))
            {
                overrides[$"{MineOptions.Section}:{nameof(MineOptions.Demo)}"] = "true";
                if (!overrides.ContainsKey($"{MineOptions.Section}:{nameof(MineOptions.Data)}"))
                {
                    demoData = Path.Combine(Path.GetTempPath(), "mine-demo-" + Guid.NewGuid().ToString("N")[..12]);
                    overrides[$"{MineOptions.Section}:{nameof(MineOptions.Data)}"] = demoData;
                    Console.WriteLine($"mine: demo data in {demoData} (deleted at exit)");
                }
            }

            try
            {
                return await MineServer.RunAsync(overrides, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (demoData is not null && Directory.Exists(demoData))
                {
                    Directory.Delete(demoData, recursive: true);
                }
            }
        });

        var version = new Command("version", "Print Mine's version.");
        version.SetAction(_ =>
        {
            Console.WriteLine($"mine {typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0"}");
            return 0;
        });

        var importWhisper = ImportWhisperCommand.Create();
        var cert = CertCommand.Create();
        var root = new RootCommand("Mine: a monitoring system for server fleets, Graphite-compatible.") { serve, version, importWhisper, cert };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.CommandResult.Command == importWhisper)
        {
            // Bad usage is exit code 2 for import-whisper (1 means some files failed), one line naming the flag.
            await Console.Error.WriteLineAsync($"mine import-whisper: {parsed.Errors[0].Message} (see mine import-whisper --help)").ConfigureAwait(false);
            return ImportWhisperCommand.BadUsage;
        }

        if (parsed.Errors.Count > 0 && CertCommand.Owns(cert, parsed.CommandResult.Command))
        {
            return await CertCommand.ReportBadUsageAsync(parsed).ConfigureAwait(false);
        }

        return await parsed.InvokeAsync().ConfigureAwait(false);
    }
}

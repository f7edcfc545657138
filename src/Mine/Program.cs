using System.CommandLine;
using System.Reflection;
using Mine.Hosting;

namespace Mine;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var flags = ConfigFlags.Listeners();
        flags.Scalar("--data", "Data folder of the embedded store (default ./data).", nameof(MineOptions.Data));
        flags.Scalar("--schemas", "carbon storage-schemas.conf to use instead of the built-in retentions.", nameof(MineOptions.Schemas));
        flags.Scalar("--aggregation", "carbon storage-aggregation.conf to use instead of the built-in rules.", nameof(MineOptions.Aggregation));
        flags.Scalar("--host-node", "Node of a Graphite path that names the host: auto (default: learnt from the paths, for HOST.…, servers.HOST.…, collectd.HOST.…, env.dc.HOST.…), 0 for HOST.…, 1 for servers.HOST.…, -1 to ignore Graphite paths.", $"{nameof(MineOptions.Fleet)}:{nameof(FleetSettings.GraphiteHostNode)}");
        flags.Scalar("--admin-token", "Bearer token required for POST /events, /_internal/flush and /_internal/compact (default: none, writes only from loopback).", nameof(MineOptions.AdminToken));
        flags.Scalar("--wal-sync", "WAL fsync policy: none | interval | always (default interval: at most 1 s lost on power failure, nothing on a crash).", nameof(MineOptions.WalSync));
        flags.List("--group-rule", "Regular expression naming a host's group by its 'group' or first capture (repeatable, tried in order; default: the name without its trailing number).", $"{nameof(MineOptions.Fleet)}:{nameof(FleetSettings.GroupRules)}");
        var demo = new Option<bool>("--demo") { Description = "Fill the store with a synthetic fleet of a few hundred hosts (with landmines), then live points every 5 s. Without --data, uses a temporary folder deleted at exit." };
        var serve = new Command("serve", "Run Mine: Graphite and collectd listeners, the embedded store and the HTTP API.");
        flags.AddTo(serve);
        serve.Options.Add(demo);

        serve.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            flags.AddOverrides(parseResult, overrides);

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
        var relay = RelayCommand.Create();
        var root = new RootCommand("Mine: a monitoring system for server fleets, Graphite-compatible.") { serve, relay, version, importWhisper, cert };
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

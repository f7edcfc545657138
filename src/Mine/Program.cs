using System.CommandLine;
using Mine.Hosting;

namespace Mine;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var flags = ConfigFlags.Serve();
        var demo = flags.SwitchNamed("--demo");
        var serve = new Command("serve", "Run Mine: Graphite and collectd listeners, the embedded store and the HTTP API.");
        flags.AddTo(serve);

        serve.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            flags.AddOverrides(parseResult, overrides);

            string? demoData = null;
            if (parseResult.GetValue(demo))
            {
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
            Console.WriteLine($"mine {StartupSummary.Version}");
            return 0;
        });

        var importWhisper = ImportWhisperCommand.Create();
        var cert = CertCommand.Create();
        var relay = RelayCommand.Create();
        var config = ConfigCheckCommand.Create();
        var auth = AuthCommand.Create();
        var clickHouseSchema = ClickHouseSchemaCommand.Create();
        var root = new RootCommand("Mine: a monitoring system for server fleets, Graphite-compatible.") { serve, relay, version, importWhisper, cert, config, auth, clickHouseSchema };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && (parsed.CommandResult.Command == serve || parsed.CommandResult.Command == relay || ConfigCheckCommand.Owns(config, parsed.CommandResult.Command)))
        {
            // One line per error and exit code 2, as for a bad value: not the whole help text.
            var commandLine = parsed.CommandResult.Command == serve || parsed.CommandResult.Command == relay ? $"mine {parsed.CommandResult.Command.Name}" : "mine config check";
            return await ConfigFlags.ReportBadUsageAsync(parsed, commandLine).ConfigureAwait(false);
        }

        if (parsed.Errors.Count > 0 && parsed.CommandResult.Command == importWhisper)
        {
            // Bad usage is exit code 2 for import-whisper (1 means some files failed), one line naming the flag.
            await Console.Error.WriteLineAsync($"mine import-whisper: {parsed.Errors[0].Message} (see mine import-whisper --help)").ConfigureAwait(false);
            return ImportWhisperCommand.BadUsage;
        }

        if (parsed.Errors.Count > 0 && (CertCommand.Owns(cert, parsed.CommandResult.Command) || AuthCommand.Owns(auth, parsed.CommandResult.Command)
            || parsed.CommandResult.Command == clickHouseSchema))
        {
            return await CertCommand.ReportBadUsageAsync(parsed).ConfigureAwait(false);
        }

        return await parsed.InvokeAsync().ConfigureAwait(false);
    }
}

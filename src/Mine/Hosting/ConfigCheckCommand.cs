using System.CommandLine;

namespace Mine.Hosting;

/// <summary>
/// `mine config check`: reads the configuration as `serve` (or, with --relay, `relay`) would — appsettings.json
/// beside the binary, --config files, MINE__ variables, the same flags — validates all of it, files named by it
/// included, without opening storage or binding a port, and prints every effective setting with where it came from.
/// Exit code 0 when `serve` would start with it, 2 (every problem on its own line) when not.
/// </summary>
internal static partial class ConfigCheckCommand
{
    public static Command Create()
    {
        var serveFlags = ConfigFlags.Serve();
        var relayFlags = ConfigFlags.Relay();
        var flags = ConfigFlags.ServeAndRelay();
        var relay = new Option<bool>("--relay") { Description = "Check the settings of mine relay (its flags, Mine:Relay) instead of those of mine serve." };
        var check = new Command("check", "Validate the configuration serve (or relay, with --relay) would read, and print every effective setting with its source. Takes the same flags.");
        flags.AddTo(check);
        check.Options.Add(relay);
        check.SetAction(async (parse, _) =>
        {
            var forRelay = parse.GetValue(relay);
            var command = forRelay ? relayFlags : serveFlags;
            var overrides = new Dictionary<string, string?>();
            flags.AddOverrides(parse, overrides);
            var misplaced = flags.Flags.Where(f => parse.GetResult(flags.OptionNamed(f.Name)) is System.CommandLine.Parsing.OptionResult { Implicit: false } && !command.Flags.Any(c => c.Name == f.Name))
                .Select(f => forRelay ? $"{f.Name} is not a flag of mine relay; check it without --relay" : $"{f.Name} is a flag of mine relay; add --relay to check relay settings")
                .ToList();
            return await RunAsync(overrides, forRelay ? OptionsScope.Relay : OptionsScope.Serve, misplaced).ConfigureAwait(false);
        });
        return new Command("config", "Mine's configuration: mine config check validates it and shows where each setting comes from (docs/configuration.md).") { check };
    }

    /// <summary>Whether <paramref name="command"/> is `config` or one of its subcommands.</summary>
    public static bool Owns(Command config, Command command) => command == config || config.Subcommands.Contains(command);

    /// <summary>Validates, then prints the settings (exit 0) or every problem (exit 2).</summary>
    internal static async Task<int> RunAsync(IDictionary<string, string?> overrides, OptionsScope scope, IReadOnlyList<string> misplacedFlags)
    {
        var builder = HostSetup.NewBuilder();
        var configuration = MineConfiguration.Load(builder.Configuration, overrides);
        var (options, problems) = OptionsValidation.Check(configuration, scope);
        var all = misplacedFlags.Concat(problems).ToList();
        if (all.Count > 0)
        {
            foreach (var problem in all)
            {
                await Console.Error.WriteLineAsync($"mine: {problem}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"mine config check: {all.Count} problem{(all.Count == 1 ? "" : "s")}; {(scope == OptionsScope.Relay ? "mine relay" : "mine serve")} would not start (docs/configuration.md)").ConfigureAwait(false);
            return OptionsException.ExitCode;
        }

        await Console.Out.WriteAsync(Report(configuration, options, scope)).ConfigureAwait(false);
        return 0;
    }
}

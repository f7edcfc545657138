using System.CommandLine;

namespace Mine.Hosting;

/// <summary>Which flag sets a key, for messages and the config reference; and bad usage as one line.</summary>
internal sealed partial class ConfigFlags
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> FlagsByKey = new(static () =>
    {
        var byKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key, _) in Serve().Flags.Concat(Relay().Flags))
        {
            byKey[$"{MineOptions.Section}:{key}"] = name;
        }

        return byKey;
    });

    /// <summary>The flag of <c>serve</c> or <c>relay</c> that sets <paramref name="key"/> (<c>Mine:WalSync</c> →
    /// <c>--wal-sync</c>; a list element's key <c>Mine:Relay:ForwardTo:2</c> → <c>--forward-to</c>), or null.</summary>
    public static string? FlagOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (FlagsByKey.Value.TryGetValue(key, out var flag))
        {
            return flag;
        }

        var last = key.LastIndexOf(':');
        return last > 0 && int.TryParse(key.AsSpan(last + 1), out _) && FlagsByKey.Value.TryGetValue(key[..last], out flag) ? flag : null;
    }

    /// <summary>A command line System.CommandLine refused (an unknown flag, a flag without its value): one line per
    /// error, naming the nearest flag for a typo, and exit code 2, instead of the whole help text.</summary>
    public static async Task<int> ReportBadUsageAsync(ParseResult parse, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var known = parse.CommandResult.Command.Options.Select(static o => o.Name).ToList();
        var unknownFlag = false;
        foreach (var error in parse.Errors)
        {
            var hint = "";
            var unknown = parse.UnmatchedTokens.FirstOrDefault(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal));
            if (unknown is not null && !unknown.StartsWith('-') && unknownFlag)
            {
                continue; // the value of an unknown flag: the flag's line says it all
            }

            unknownFlag |= unknown?.StartsWith('-') == true;
            if (unknown is not null && unknown.StartsWith('-') && OptionNames.Nearest(unknown, known) is { } nearest)
            {
                hint = $"; did you mean {nearest}?";
            }

            await Console.Error.WriteLineAsync($"mine: {error.Message.TrimEnd('.')}{hint} (see {commandLine} --help)").ConfigureAwait(false);
        }

        return OptionsException.ExitCode;
    }
}

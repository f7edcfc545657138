using Microsoft.Extensions.Configuration;

namespace Mine.Hosting;

/// <summary>Which command's settings are checked: those `serve` uses, or those `relay` uses.</summary>
internal enum OptionsScope
{
    Serve,
    Relay,
}

/// <summary>
/// Every check of Mine's settings, in one place for `serve`, `relay` and `mine config check`: keys that do not exist
/// (typos), values of the wrong type, values out of range, files that are missing or do not parse, regular
/// expressions that do not compile. Each problem is one line naming where the value came from (the flag, the
/// environment variable or the file), its key, and what to write instead; every problem is found, not only the first.
/// Nothing is opened or bound: storage and sockets are the start's business.
/// </summary>
internal sealed partial class OptionsValidation
{
    private readonly MineConfiguration _configuration;
    private readonly List<string> _problems = [];

    /// <summary>Keys whose value cannot be bound (wrong type or shape): left out of the options checked further.</summary>
    private readonly HashSet<string> _unbindable = new(StringComparer.OrdinalIgnoreCase);

    private OptionsValidation(MineConfiguration configuration) => _configuration = configuration;

    /// <summary>The options as <paramref name="scope"/> would use them, and every problem found (none: valid).
    /// Values that could not be bound keep their defaults in the options returned.</summary>
    public static (MineOptions Options, IReadOnlyList<string> Problems) Check(MineConfiguration configuration, OptionsScope scope)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var validation = new OptionsValidation(configuration);
        validation._problems.AddRange(configuration.Problems);
        validation.CheckSections();
        validation.CheckKeys(configuration.Root.GetSection(MineOptions.Section), OptionKeys.Root);
        validation.CheckLogging();
        var options = validation.Bind();
        validation.CheckCommon(options);
        if (scope == OptionsScope.Serve)
        {
            validation.CheckServe(options);
        }
        else
        {
            validation.CheckRelay(options);
        }

        return (options, validation._problems);
    }

    /// <summary>The options from every key that has a value of the right type and shape.</summary>
    private MineOptions Bind()
    {
        var usable = _configuration.Root.GetSection(MineOptions.Section).AsEnumerable()
            .Where(pair => pair.Value is not null && !_unbindable.Any(bad => pair.Key.Equals(bad, StringComparison.OrdinalIgnoreCase) || pair.Key.StartsWith(bad + ":", StringComparison.OrdinalIgnoreCase)));
        return new ConfigurationBuilder().AddInMemoryCollection(usable).Build().GetSection(MineOptions.Section).Get<MineOptions>() ?? new MineOptions();
    }

    /// <summary>Records a problem with the value of <paramref name="key"/>: "where it came from (key): what to do".</summary>
    private void Problem(string key, string fix) => _problems.Add($"{Subject(key)}: {fix}");

    /// <summary>The value of <paramref name="key"/> and where it came from: <c>--wal-sync sometimes (Mine:WalSync)</c>,
    /// <c>MINE__WALSYNC=sometimes (Mine:WalSync, flag --wal-sync)</c>, <c>"sometimes" in mine.json (Mine:WalSync, flag
    /// --wal-sync)</c>.</summary>
    private string Subject(string key)
    {
        var value = _configuration.Root[key];
        var origin = _configuration.OriginOf(key);
        var flag = ConfigFlags.FlagOf(key);
        var alsoFlag = flag is null ? "" : $", flag {flag}";
        return origin.Kind switch
        {
            OriginKind.Flag => $"{origin.Name} {Quote(value)} ({key})",
            OriginKind.Environment => $"{origin.Name}={value} ({key}{alsoFlag})",
            OriginKind.File => $"\"{value}\" in {origin.Name} ({key}{alsoFlag})",
            OriginKind.CommandLine => $"{key}={value}{(flag is null ? "" : $" (flag {flag})")}",
            _ => $"{key} (default {OptionKeys.Format(OptionKeys.Find(key)?.Default)}{alsoFlag})",
        };
    }

    private static string Quote(string? value) =>
        string.IsNullOrEmpty(value) ? "''" : value.Any(static c => char.IsWhiteSpace(c) || c is '\'' or '"') ? $"'{value}'" : value;
}

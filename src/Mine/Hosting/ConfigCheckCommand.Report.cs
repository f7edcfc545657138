using System.Text;
using Microsoft.Extensions.Configuration;

namespace Mine.Hosting;

/// <summary>What `mine config check` prints for valid settings: the files read, then every key with its effective
/// value and where that value came from.</summary>
internal static partial class ConfigCheckCommand
{
    internal static string Report(MineConfiguration configuration, MineOptions options, OptionsScope scope)
    {
        var text = new StringBuilder();
        text.AppendLine($"mine config check: valid; {(scope == OptionsScope.Relay ? "mine relay" : "mine serve")} would start with these settings.");
        text.AppendLine("Read in this order, the last one winning: appsettings.json beside the binary, --config files, MINE__ environment variables, flags.");
        foreach (var (label, present) in configuration.Files)
        {
            text.AppendLine($"  {label}{(present ? "" : " (not present)")}");
        }

        var rows = new List<(string Key, string Value, string Source)>();
        foreach (var key in OptionKeys.Leaves)
        {
            var value = ValueOf(options, key);
            var shown = key.Secret && value is string { Length: > 0 } ? "(set, not shown)" : OptionKeys.Format(value);
            rows.Add((key.Key, shown, Source(configuration, key)));
        }

        var logging = configuration.Root.GetSection("Logging").AsEnumerable().Where(static p => p.Value is not null).OrderBy(static p => p.Key, StringComparer.Ordinal).ToList();
        if (!logging.Any(static p => p.Key.Equals("Logging:LogLevel:Default", StringComparison.OrdinalIgnoreCase)))
        {
            rows.Add(("Logging:LogLevel:Default", "Information", "default"));
        }

        rows.AddRange(logging.Select(p => (p.Key, p.Value!, configuration.OriginOf(p.Key).Label)));
        var keyWidth = rows.Max(static r => r.Key.Length) + 2;
        var valueWidth = Math.Min(40, rows.Max(static r => r.Value.Length)) + 2;
        text.AppendLine();
        foreach (var (key, value, source) in rows)
        {
            text.AppendLine($"{key.PadRight(keyWidth)}{value.PadRight(valueWidth)}{source}");
        }

        return text.ToString();
    }

    /// <summary>The source of a value; for a list, of its elements (several sources can fill one list).</summary>
    private static string Source(MineConfiguration configuration, OptionKey key)
    {
        if (key.Shape is not (OptionShape.List or OptionShape.Map))
        {
            return configuration.OriginOf(key.Key).Label;
        }

        var origins = configuration.OriginsUnder(key.Key);
        return origins.Count == 0 ? "default" : string.Join(" + ", origins.Select(static o => o.Label));
    }

    private static object? ValueOf(MineOptions options, OptionKey key)
    {
        object? value = options;
        foreach (var part in key.Key.Split(':').Skip(1))
        {
            value = value?.GetType().GetProperty(part)?.GetValue(value);
        }

        return value;
    }
}

using Microsoft.Extensions.Configuration;
using Mine.Hosting;

namespace Mine.Server.Tests.Configuration;

/// <summary>
/// docs/configuration.md and config/mine.json cannot drift from the code: every key of MineOptions (by reflection,
/// nested settings included) has one row in the reference with its flag of serve or relay, its environment variable
/// and its default, no row names a key that does not exist, and the example config is valid and shows defaults.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void Every_key_has_a_row_with_its_flag_environment_variable_and_default()
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(SettingsCheck.RepositoryRoot, "docs", "configuration.md")).Where(static l => l.StartsWith("| `Mine:", StringComparison.Ordinal)))
        {
            var cells = line.Trim('|').Split(" | ").Select(static c => c.Trim()).ToArray();
            Assert.True(cells.Length == 5, $"a row has key, flag, environment, default, meaning: {line}");
            Assert.True(rows.TryAdd(cells[0].Trim('`'), cells), $"two rows for {cells[0]}");
        }

        var failures = new List<string>();
        foreach (var key in OptionKeys.Leaves)
        {
            if (!rows.Remove(key.Key, out var cells))
            {
                failures.Add($"{key.Key}: no row");
                continue;
            }

            var flag = ConfigFlags.FlagOf(key.Key) is { } name ? $"`{name}`" : "—";
            var environment = key.Shape switch
            {
                OptionShape.List => $"`{key.EnvironmentVariable}__0`, …",
                OptionShape.Map => $"`{key.EnvironmentVariable}__NAME__KEY`",
                _ => $"`{key.EnvironmentVariable}`",
            };
            var defaultText = key.Default is null ? "none" : $"`{OptionKeys.Format(key.Default)}`";
            foreach (var (what, expected, actual) in new[] { ("flag", flag, cells[1]), ("environment", environment, cells[2]), ("default", defaultText, cells[3]) })
            {
                if (expected != actual)
                {
                    failures.Add($"{key.Key}: {what} is {expected}, the row says {actual}");
                }
            }

            if (cells[4].Length < 10)
            {
                failures.Add($"{key.Key}: say what it means");
            }
        }

        failures.AddRange(rows.Keys.Select(static k => $"{k}: a row for a key MineOptions does not have"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_flag_of_serve_and_relay_sets_a_key_of_the_reference()
    {
        var keys = OptionKeys.Leaves.Select(static k => k.Key).ToHashSet();
        foreach (var (name, key, _) in ConfigFlags.Serve().Flags.Concat(ConfigFlags.Relay().Flags))
        {
            Assert.True(keys.Contains($"{MineOptions.Section}:{key}"), $"{name} sets Mine:{key}, which MineOptions does not have");
        }
    }

    [Fact]
    public void The_example_config_is_valid_and_shows_defaults()
    {
        var example = Path.Combine(SettingsCheck.RepositoryRoot, "config", "mine.json");
        var (configuration, _, problems) = SettingsCheck.Check(OptionsScope.Serve, "--config", example);
        Assert.Empty(problems);
        Assert.Equal(example, configuration.OriginOf("Mine:Http").Label);

        // Each value the example sets is the default (a list: empty), so the file explains without changing anything.
        var alone = new ConfigurationBuilder().AddJsonFile(example).Build().GetSection(MineOptions.Section);
        var set = alone.AsEnumerable().Where(static p => p.Value is not null).ToList();
        Assert.True(set.Count >= 10, "the example shows the commonly set keys");
        foreach (var (key, value) in set)
        {
            var option = OptionKeys.Find(key);
            Assert.True(option is not null, $"{key} is not a key");
            var expected = option.Shape == OptionShape.List ? "" : OptionKeys.Format(option.Default);
            Assert.True(expected == value || (option.Default is bool && expected.Equals(value, StringComparison.OrdinalIgnoreCase)), $"{key} is {value} in the example, its default is {expected}");
        }
    }
}

using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Mine.Hosting;

/// <summary>Where a value came from.</summary>
internal enum OriginKind
{
    Default,
    File,
    Environment,
    Flag,
    CommandLine,
}

/// <summary>Where a key's value came from: a file (as the user named it), an environment variable, a flag.</summary>
internal sealed record SettingOrigin(OriginKind Kind, string? Name = null)
{
    public static SettingOrigin Default { get; } = new(OriginKind.Default);

    /// <summary>For `mine config check`: <c>default</c>, the file, <c>environment MINE__HTTP</c>, <c>flag --http</c>.</summary>
    public string Label => Kind switch
    {
        OriginKind.Default => "default",
        OriginKind.File => Name!,
        OriginKind.Environment => $"environment {Name}",
        OriginKind.Flag => $"flag {Name}",
        _ => "command line",
    };
}

internal sealed partial class MineConfiguration
{
    /// <summary>The source whose value <paramref name="key"/> has (the last one that sets it), or the default.</summary>
    public SettingOrigin OriginOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var provider in Root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _))
            {
                continue;
            }

            return provider switch
            {
                JsonConfigurationProvider json when _fileLabels.TryGetValue(json.Source, out var label) => new SettingOrigin(OriginKind.File, label),
                JsonConfigurationProvider json => new SettingOrigin(OriginKind.File, json.Source.Path),
                EnvironmentVariablesConfigurationProvider => new SettingOrigin(OriginKind.Environment, VariableOf(key)),
                MemoryConfigurationProvider when ConfigFlags.FlagOf(key) is { } flag => new SettingOrigin(OriginKind.Flag, flag),
                _ => new SettingOrigin(OriginKind.CommandLine),
            };
        }

        return SettingOrigin.Default;
    }

    /// <summary>The --config files that set Mine:ConfigFiles, which only appsettings.json, the environment and the
    /// flags may set (a file is read after the list of files is known).</summary>
    public IEnumerable<string> ConfigFilesNamingConfigFiles()
    {
        const string key = $"{MineOptions.Section}:{nameof(MineOptions.ConfigFiles)}";
        foreach (var provider in Root.Providers.OfType<JsonConfigurationProvider>())
        {
            if (_fileLabels.TryGetValue(provider.Source, out var label) && !provider.Source.Optional
                && (provider.TryGet(key, out _) || provider.GetChildKeys([], key).Any()))
            {
                yield return label;
            }
        }
    }

    /// <summary>Where the values of a list (or of a section's keys) came from: each source once, in order.</summary>
    public IReadOnlyList<SettingOrigin> OriginsUnder(string key) =>
        [.. Root.GetSection(key).AsEnumerable(makePathsRelative: false).Where(static pair => pair.Value is not null).Select(pair => OriginOf(pair.Key)).Distinct()];

    /// <summary>The environment variable that set <paramref name="key"/> as it is spelled in the environment
    /// (<c>MINE__HTTP</c> or <c>Mine__Http</c>), with or without the host's prefixes.</summary>
    private static string VariableOf(string key)
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            foreach (var prefix in new[] { "", "ASPNETCORE_", "DOTNET_" })
            {
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && name[prefix.Length..].Replace("__", ":", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase))
                {
                    return name;
                }
            }
        }

        return key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();
    }
}

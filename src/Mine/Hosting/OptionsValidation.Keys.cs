using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;

namespace Mine.Hosting;

/// <summary>Keys that do not exist and values of the wrong type or shape. A key that is not Mine's is refused, not
/// ignored: a typo silently ignored is a setting silently not applied, and a monitoring system goes blind that way.</summary>
internal sealed partial class OptionsValidation
{
    /// <summary>The top-level sections Mine reads from its JSON files.</summary>
    private static readonly string[] Sections = [MineOptions.Section, "Logging"];

    /// <summary>Top-level sections of the JSON files other than "Mine" and "Logging" (a misspelt "Mine" leaves every
    /// setting of the file unread).</summary>
    private void CheckSections()
    {
        foreach (var provider in _configuration.Root.Providers.OfType<JsonConfigurationProvider>())
        {
            foreach (var section in provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!Sections.Contains(section, StringComparer.OrdinalIgnoreCase))
                {
                    var file = _configuration.OriginOf(FirstKeyUnder(provider, section) ?? section).Name;
                    var nearest = OptionNames.Nearest(section, Sections);
                    _problems.Add($"unknown section \"{section}\" in {file}; {(nearest is null ? "" : $"did you mean \"{nearest}\"? ")}Mine reads only the sections \"Mine\" and \"Logging\" (docs/configuration.md)");
                }
            }
        }
    }

    private static string? FirstKeyUnder(IConfigurationProvider provider, string path)
    {
        if (provider.TryGet(path, out _))
        {
            return path;
        }

        foreach (var child in provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (FirstKeyUnder(provider, $"{path}:{child}") is { } key)
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>Every key under <paramref name="section"/> against the keys <paramref name="expected"/> has.</summary>
    private void CheckKeys(IConfigurationSection section, OptionKey expected)
    {
        foreach (var child in section.GetChildren())
        {
            var path = $"{expected.Key}:{child.Key}";
            if (expected.Child(child.Key) is not { } known)
            {
                Unknown(child, path, expected);
                _unbindable.Add(path);
                continue;
            }

            switch (known.Shape)
            {
                case OptionShape.Section:
                    if (!string.IsNullOrEmpty(child.Value))
                    {
                        Problem(path, $"is a section, not a value; set its keys ({string.Join(", ", known.Children.Select(static c => c.Key))})");
                        _unbindable.Add(path);
                    }

                    CheckKeys(child, known);
                    break;
                case OptionShape.List:
                    CheckList(child, known);
                    break;
                case OptionShape.Map:
                    CheckMap(child, known);
                    break;
                default:
                    if (child.GetChildren().FirstOrDefault() is { } under)
                    {
                        var key = FirstKeyWithValue(under) ?? under.Path;
                        _problems.Add($"unknown key {key}{Where(key)}: {known.Key} is a single value and has no keys under it");
                        _unbindable.Add(path);
                    }
                    else
                    {
                        CheckType(known.Key, known.ValueType, child.Value);
                    }

                    break;
            }
        }
    }

    /// <summary>Each entry of a map (a group's name) is a section of the map's keys.</summary>
    private void CheckMap(IConfigurationSection map, OptionKey known)
    {
        var keys = string.Join(", ", OptionKeys.Entry(known, "NAME").Children.Select(static c => c.Name));
        if (!string.IsNullOrEmpty(map.Value))
        {
            Problem(known.Key, $"is a map of names to their own keys ({keys}): write {{\"web\": {{\"K\": 4}}}} or {known.EnvironmentVariable}__web__K=4");
            _unbindable.Add(known.Key);
            return;
        }

        foreach (var entry in map.GetChildren())
        {
            var path = $"{known.Key}:{entry.Key}";
            if (!string.IsNullOrEmpty(entry.Value))
            {
                Problem(path, $"is an entry of {known.Key}, not a value; set its keys ({keys})");
                _unbindable.Add(path);
                continue;
            }

            CheckKeys(entry, OptionKeys.Entry(known, entry.Key));
        }
    }

    private void CheckList(IConfigurationSection list, OptionKey known)
    {
        if (!string.IsNullOrEmpty(list.Value))
        {
            Problem(known.Key, $"is a list: give a JSON array, {known.EnvironmentVariable}__0, {known.EnvironmentVariable}__1…{(ConfigFlags.FlagOf(known.Key) is { } flag ? $", or {flag} once per value" : "")}");
            _unbindable.Add(known.Key);
            return;
        }

        foreach (var element in list.GetChildren())
        {
            var key = $"{known.Key}:{element.Key}";
            if (element.GetChildren().Any())
            {
                Problem(key, $"a list element of {known.Key} must be a single value, not an object or array");
                _unbindable.Add(known.Key);
            }
            else if (!CheckType(key, known.ValueType, element.Value))
            {
                _unbindable.Add(known.Key);
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> converts to <paramref name="type"/> as the configuration binder
    /// converts it (invariant culture); records the problem when not.</summary>
    private bool CheckType(string key, Type type, string? value)
    {
        if (type == typeof(string) || value is null)
        {
            return true;
        }

        var trimmed = value.Trim();
        var (valid, expected) = type switch
        {
            _ when type == typeof(int) => (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "a whole number"),
            _ when type == typeof(long) => (long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "a whole number"),
            _ when type == typeof(double) => (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number), "a number (with a dot for decimals: 0.5)"),
            _ when type == typeof(bool) => (bool.TryParse(trimmed, out _), "true or false"),
            _ when type.IsEnum => (Enum.TryParse(type, trimmed, ignoreCase: true, out _), $"one of {string.Join(", ", Enum.GetNames(type))}"),
            _ => (true, ""),
        };
        if (!valid)
        {
            Problem(key, $"must be {expected}");
            _unbindable.Add(key);
        }

        return valid;
    }

    /// <summary>A key that is not Mine's: where it was set, and the key meant when it looks like a typo of one
    /// (a near name beside it, or the same name elsewhere: Mine:GraphiteHostNode → Mine:Fleet:GraphiteHostNode).</summary>
    private void Unknown(IConfigurationSection section, string path, OptionKey parent)
    {
        var meant = OptionKeys.Leaves.Concat(OptionKeys.Root.Children).FirstOrDefault(k => k.Name.Equals(section.Key, StringComparison.OrdinalIgnoreCase))
            ?? (OptionNames.Nearest(section.Key, parent.Children.Select(static c => c.Name)) is { } near ? parent.Child(near) : null);
        var key = FirstKeyWithValue(section);
        var origin = key is null ? SettingOrigin.Default : _configuration.OriginOf(key);
        var hint = meant is null
            ? "; remove it (docs/configuration.md lists every key)"
            : origin.Kind == OriginKind.Environment ? $"; did you mean {meant.Key} ({meant.EnvironmentVariable})?" : $"; did you mean {meant.Key}?";
        _problems.Add($"unknown key {path}{Where(key)}{hint}");
    }

    /// <summary>" in FILE" or " (environment variable X)" for the source of <paramref name="key"/>.</summary>
    private string Where(string? key)
    {
        var origin = key is null ? SettingOrigin.Default : _configuration.OriginOf(key);
        return origin.Kind switch
        {
            OriginKind.File => $" in {origin.Name}",
            OriginKind.Environment => $" (environment variable {origin.Name})",
            _ => "",
        };
    }

    private static string? FirstKeyWithValue(IConfigurationSection section) =>
        section.Value is not null ? section.Path : section.GetChildren().Select(FirstKeyWithValue).FirstOrDefault(static k => k is not null);

    /// <summary>Log levels (Logging:LogLevel:Default, Logging:Console:LogLevel:Mine…): the host would refuse a
    /// wrong one at start with a stack, or ignore it.</summary>
    private void CheckLogging()
    {
        foreach (var (key, value) in _configuration.Root.GetSection("Logging").AsEnumerable())
        {
            var parts = key.Split(':');
            if (value is not null && parts.Length >= 3 && parts[^2].Equals("LogLevel", StringComparison.OrdinalIgnoreCase)
                && !(Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level)))
            {
                Problem(key, "must be Trace, Debug, Information, Warning, Error, Critical or None");
            }
        }
    }
}

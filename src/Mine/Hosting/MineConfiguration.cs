using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.FileProviders;

namespace Mine.Hosting;

/// <summary>
/// Mine's configuration in the order it is read, the last one winning: appsettings.json beside the binary, the
/// --config files (Mine:ConfigFiles), MINE__ environment variables, then the flags. It also knows where each key
/// came from (for messages and `mine config check`) and which files could not be read.
/// </summary>
internal sealed partial class MineConfiguration
{
    private readonly Dictionary<IConfigurationSource, string> _fileLabels = [];
    private readonly List<string> _problems = [];
    private readonly List<(string Label, bool Present)> _files = [];

    private MineConfiguration(IConfigurationRoot root) => Root = root;

    /// <summary>appsettings.json in the folder of the binary (optional).</summary>
    public static string BinaryAppSettings => Path.Combine(AppContext.BaseDirectory, "appsettings.json");

    /// <summary>Every key's current value, the sources layered.</summary>
    public IConfigurationRoot Root { get; }

    /// <summary>Config files that cannot be used: missing, unreadable, not valid JSON (one line each).</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The JSON files considered, in reading order, and whether each was read.</summary>
    public IReadOnlyList<(string Label, bool Present)> Files => _files;

    /// <summary>
    /// Adds Mine's sources to <paramref name="configuration"/>, which holds the host's own ones (its environment
    /// variables among them): appsettings.json beside the binary first, the --config files just before the
    /// environment variables, the <paramref name="overrides"/> (flags) last. Files the host itself would read from the
    /// working directory are removed: Mine reads config only where docs/configuration.md says.
    /// </summary>
    public static MineConfiguration Load(IConfigurationBuilder configuration, IDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var json in configuration.Sources.OfType<JsonConfigurationSource>().ToList())
        {
            configuration.Sources.Remove(json);
        }

        var result = new MineConfiguration((IConfigurationRoot)(configuration as IConfigurationRoot ?? throw new ArgumentException("needs a ConfigurationManager", nameof(configuration))));
        var position = 0;
        result.AddJson(configuration, ref position, BinaryAppSettings, $"{BinaryAppSettings} (appsettings.json beside the binary)", optional: true);
        var named = new ConfigurationBuilder().AddJsonFile(new PhysicalFileProvider(AppContext.BaseDirectory), "appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables().AddInMemoryCollection(overrides);
        string[] files;
        try
        {
            files = named.Build().GetSection($"{MineOptions.Section}:{nameof(MineOptions.ConfigFiles)}").Get<string[]>() ?? [];
        }
        catch (InvalidDataException)
        {
            files = []; // appsettings.json is not valid JSON: already a problem, and it names no files then
        }

        position = configuration.Sources.ToList().FindLastIndex(static s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        position = position < 0 ? configuration.Sources.Count : position;
        foreach (var file in files.Where(static f => !string.IsNullOrWhiteSpace(f)))
        {
            result.AddJson(configuration, ref position, file, $"--config {file} ({MineOptions.Section}:{nameof(MineOptions.ConfigFiles)})", optional: false);
        }

        configuration.Sources.Add(new MemoryConfigurationSource { InitialData = overrides });
        return result;
    }

    /// <summary>Inserts the JSON file <paramref name="file"/> at <paramref name="position"/> when it can be read and
    /// parsed; otherwise records one line starting with <paramref name="label"/>, saying where and what to do.</summary>
    private void AddJson(IConfigurationBuilder configuration, ref int position, string file, string label, bool optional)
    {
        var path = Path.GetFullPath(file);
        var present = File.Exists(path);
        _files.Add((optional ? path : file, present));
        if (!present)
        {
            if (!optional)
            {
                _problems.Add(Directory.Exists(path)
                    ? $"{label}: is a folder; give the path of a JSON file with a \"Mine\" section (docs/configuration.md)"
                    : $"{label}: no such file; give the path of a JSON file with a \"Mine\" section (docs/configuration.md)");
            }

            return;
        }

        if (JsonProblem(path) is { } problem)
        {
            _problems.Add($"{label}: {problem}");
            return;
        }

        var source = new JsonConfigurationSource
        {
            Path = Path.GetFileName(path),
            Optional = optional,
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!),
        };
        _fileLabels[source] = optional ? path : file;
        configuration.Sources.Insert(position++, source);
    }

    /// <summary>What keeps the file from being read as configuration, or null: unreadable, not JSON (with the line
    /// and column), not an object at the top, a key given twice.</summary>
    private static string? JsonProblem(string path)
    {
        try
        {
            using (var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return "the top level must be a JSON object, { \"Mine\": { … } }; fix the file";
                }
            }

            // The provider's own reading finds what JSON allows and configuration does not (a key given twice).
            new ConfigurationBuilder().AddJsonFile(new PhysicalFileProvider(Path.GetDirectoryName(path)!), Path.GetFileName(path), optional: false, reloadOnChange: false).Build();
            return null;
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            message = (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
            return $"not valid JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {message}; fix the file";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.Message}); check the path and that Mine's user may read it";
        }
        catch (InvalidDataException e)
        {
            return $"{(e.InnerException ?? e).Message.TrimEnd('.')}; fix the file";
        }
    }
}

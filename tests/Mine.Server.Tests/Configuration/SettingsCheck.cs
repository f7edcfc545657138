using System.CommandLine;
using System.Text.Json.Nodes;
using Mine.Hosting;

namespace Mine.Server.Tests.Configuration;

/// <summary>
/// Settings checked the way `serve`, `relay` and `mine config check` check them: the flags parsed by their
/// System.CommandLine options, the configuration layered by <see cref="MineConfiguration"/> (appsettings.json beside
/// the binary, --config files, the environment, the flags) and <see cref="OptionsValidation"/>. JSON files are
/// written into a temporary folder deleted at dispose.
/// </summary>
internal sealed class SettingsCheck : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mine-settings-");
    private int _files;

    public string Folder => _folder.FullName;

    /// <summary>The checkout's root (where Mine.slnx is), for docs/ and config/.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Mine.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"Mine.slnx not found above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Every problem of <c>mine serve ARGS</c> (or relay), in order.</summary>
    public static IReadOnlyList<string> Problems(OptionsScope scope, params string[] args) => Check(scope, args).Problems;

    public static (MineConfiguration Configuration, MineOptions Options, IReadOnlyList<string> Problems) Check(OptionsScope scope, params string[] args)
    {
        var flags = scope == OptionsScope.Serve ? ConfigFlags.Serve() : ConfigFlags.Relay();
        var command = new Command("mine");
        flags.AddTo(command);
        var parse = command.Parse(args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(static e => e.Message)));
        var overrides = new Dictionary<string, string?>();
        flags.AddOverrides(parse, overrides);
        var configuration = MineConfiguration.Load(HostSetup.NewBuilder().Configuration, overrides);
        var (options, problems) = OptionsValidation.Check(configuration, scope);
        return (configuration, options, problems);
    }

    /// <summary>A JSON file whose only setting is <paramref name="key"/> (<c>Mine:Fleet:StaleIntervals</c>), the
    /// value as a JSON string, or as an array of one string for a list.</summary>
    public string WriteSetting(string key, string value, bool list = false)
    {
        var root = new JsonObject();
        var node = root;
        var parts = key.Split(':');
        foreach (var part in parts[..^1])
        {
            var child = new JsonObject();
            node[part] = child;
            node = child;
        }

        node[parts[^1]] = list ? new JsonArray(JsonValue.Create(value)) : JsonValue.Create(value);
        return Write(root.ToJsonString());
    }

    /// <summary>A file holding <paramref name="text"/> exactly.</summary>
    public string Write(string text, string extension = ".json")
    {
        var path = Path.Combine(Folder, $"setting-{++_files}{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

using Mine.Core.Errors;
using Mine.Storage.Schemas;

namespace Mine.Hosting;

/// <summary>
/// The retention and aggregation rules `serve` gives new series: carbon's files named by <c>--schemas</c> and
/// <c>--aggregation</c>, or the built-in rules (null here, so storage uses its defaults). Loaded while the host is
/// built, so that a missing or broken file is one line naming its flag.
/// </summary>
internal sealed record StorageRules(StorageSchemas? Schemas, StorageAggregation? Aggregation)
{
    /// <summary>Sections the files' parser skipped, as carbon skips them; logged as warnings at start.</summary>
    public IEnumerable<string> Warnings => (Schemas?.Warnings ?? []).Concat(Aggregation?.Warnings ?? []);

    public static StorageRules Load(MineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schemas = string.IsNullOrEmpty(options.Schemas) ? null : Read("--schemas", nameof(MineOptions.Schemas), options.Schemas, "storage-schemas.conf", StorageSchemas.Load);
        var aggregation = string.IsNullOrEmpty(options.Aggregation) ? null : Read("--aggregation", nameof(MineOptions.Aggregation), options.Aggregation, "storage-aggregation.conf", StorageAggregation.Load);
        return new StorageRules(schemas, aggregation);
    }

    public string DescribeSchemas() => RetentionText.Describe(Schemas ?? StorageSchemas.Default, builtIn: Schemas is null);

    public string DescribeAggregation() => RetentionText.Describe(Aggregation ?? StorageAggregation.Default, builtIn: Aggregation is null);

    private static T Read<T>(string flag, string key, string path, string carbonName, Func<string, T> load)
    {
        var fix = $"give carbon's {carbonName}, or leave {flag} out for the built-in rules ({MineOptions.Section}:{key})";
        if (!File.Exists(path))
        {
            throw new MineUserException($"{flag} {path}: no such file; {fix}");
        }

        try
        {
            return load(path);
        }
        catch (StorageConfigException ex)
        {
            throw new MineUserException($"{flag} {path}: {ex.Message}; correct the file or {fix}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MineUserException($"{flag} {path}: cannot read it ({ex.Message}); {fix}", ex);
        }
    }
}

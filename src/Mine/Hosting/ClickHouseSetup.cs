using Microsoft.Extensions.Logging;
using Mine.ClickHouse;
using Mine.ClickHouse.Backlog;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Schema;
using Mine.Core.Errors;
using Mine.Storage.Schemas;

namespace Mine.Hosting;

/// <summary>Opens the ClickHouse store for <c>serve --clickhouse URL</c> (docs/clickhouse.md).</summary>
internal static class ClickHouseSetup
{
    public static ClickHouseStore Open(MineOptions options, StorageRules retention, ILogger logger)
    {
        var settings = options.ClickHouse;
        var endpoint = ClickHouseEndpoint.Parse(settings.Url!);
        foreach (var warning in retention.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        var data = Path.GetFullPath(options.Data);
        logger.LogInformation("storing into ClickHouse at {Endpoint}; backlog in {Directory}", endpoint, Path.Combine(data, "clickhouse-wal"));
        try
        {
            Directory.CreateDirectory(data);
            return ClickHouseStore.OpenAsync(new ClickHouseStoreOptions
            {
                Endpoint = endpoint,
                DataDirectory = data,
                Tables = new ClickHouseTables
                {
                    Points = settings.PointsTable,
                    Index = settings.IndexTable,
                    Tagged = settings.TaggedTable,
                    Rollup = settings.Rollup,
                },
                Schemas = retention.Schemas ?? StorageSchemas.Default,
                Aggregation = retention.Aggregation ?? StorageAggregation.Default,
                CreateTables = string.IsNullOrEmpty(settings.Cluster),
                NamesRefresh = TimeSpan.FromSeconds(settings.NamesRefreshSeconds),
                Backlog = new BacklogOptions { Compress = Compresses(settings.Compression, endpoint) },
                Log = message => logger.LogWarning("{Message}", message),
            }).GetAwaiter().GetResult();
        }
        catch (ClickHouseException ex) when (!ex.Retryable)
        {
            throw new MineUserException($"--clickhouse {endpoint}: {ex.Message}; check the URL's user, password and database, and that the tables are carbon-clickhouse's (mine clickhouse-schema)", ex);
        }
    }

    /// <summary>Whether inserts are gzip-compressed under <c>Mine:ClickHouse:Compression</c> (validated: auto, gzip or none).</summary>
    public static bool Compresses(string compression, ClickHouseEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return compression switch
        {
            "gzip" => true,
            "none" => false,
            _ => !endpoint.IsLoopback,
        };
    }
}

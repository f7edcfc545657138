using Mine.ClickHouse.Backlog;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Schema;
using Mine.Storage.Schemas;

namespace Mine.ClickHouse;

/// <summary>How a node stores into ClickHouse.</summary>
public sealed record ClickHouseStoreOptions
{
    public required ClickHouseEndpoint Endpoint { get; init; }

    /// <summary>The node's local folder: the backlog (<c>clickhouse-wal/</c>) lives there.</summary>
    public required string DataDirectory { get; init; }

    public ClickHouseTables Tables { get; init; } = new();

    /// <summary>Retention rules: a read chooses its archive by them, as the rollup made from them merges.</summary>
    public StorageSchemas Schemas { get; init; } = StorageSchemas.Default;

    public StorageAggregation Aggregation { get; init; } = StorageAggregation.Default;

    public BacklogOptions Backlog { get; init; } = new();

    /// <summary>Whether a start creates the tables that are missing (single-server layout; a cluster's are made with
    /// <c>mine clickhouse-schema --cluster</c>).</summary>
    public bool CreateTables { get; init; } = true;

    /// <summary>How often names other nodes wrote are read from the index.</summary>
    public TimeSpan NamesRefresh { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The deadline of one ClickHouse request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Points stamped further ahead of the clock than this are refused.</summary>
    public long FutureToleranceSeconds { get; init; } = 600;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Action<string>? Log { get; init; }
}

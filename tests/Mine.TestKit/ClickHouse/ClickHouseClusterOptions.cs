namespace Mine.TestKit.ClickHouse;

/// <summary>The shape of a <see cref="ClickHouseCluster"/>.</summary>
public sealed record ClickHouseClusterOptions
{
    /// <summary>The cluster's name in every node's <c>&lt;remote_servers&gt;</c>, as Distributed tables and
    /// <c>ON CLUSTER</c> name it.</summary>
    public string Name { get; init; } = "mine_cluster";

    public int Shards { get; init; } = 2;

    public int ReplicasPerShard { get; init; } = 2;

    /// <summary>Rollup sections given to every node (see <see cref="ClickHouseServerOptions.GraphiteRollups"/>).</summary>
    public IReadOnlyList<string> GraphiteRollups { get; init; } = [];

    /// <summary>How long ZooKeeper and each node may take to start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

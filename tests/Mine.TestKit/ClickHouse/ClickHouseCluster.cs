using System.Globalization;
using System.Xml.Linq;

namespace Mine.TestKit.ClickHouse;

/// <summary>
/// ZooKeeper and shards × replicas ClickHouse servers (2 × 2 by default) on 127.0.0.1, forming one named cluster with
/// <c>internal_replication</c> on: a Distributed table writes each block to one replica of a shard and the
/// Replicated tables copy it to the others. The node of shard 1, replica 2 has the macros shard = "01", replica = "r2".
/// </summary>
public sealed class ClickHouseCluster : IAsyncDisposable, IDisposable
{
    private readonly ClickHouseServer[][] _shards;

    private ClickHouseCluster(string name, ZooKeeperServer zooKeeper, ClickHouseServer[][] shards)
    {
        Name = name;
        ZooKeeper = zooKeeper;
        _shards = shards;
        Nodes = [.. shards.SelectMany(replicas => replicas)];
    }

    /// <summary>True when both ClickHouse and ZooKeeper are installed.</summary>
    public static bool IsInstalled => ClickHouseServer.IsInstalled && ZooKeeperServer.IsInstalled;

    public string Name { get; }

    public ZooKeeperServer ZooKeeper { get; }

    /// <summary>Every node, shard by shard: s1r1, s1r2, s2r1, s2r2 for 2 × 2.</summary>
    public IReadOnlyList<ClickHouseServer> Nodes { get; }

    /// <summary>Starts ZooKeeper, then every node at once, and waits until all answer; on failure everything
    /// started is stopped again.</summary>
    public static async Task<ClickHouseCluster> StartAsync(ClickHouseClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClickHouseClusterOptions();
        var zooKeeper = await ZooKeeperServer.StartAsync(options.StartTimeout, cancellationToken);
        var ports = Enumerable.Range(0, options.Shards)
            .Select(_ => Enumerable.Range(0, options.ReplicasPerShard).Select(_ => ClickHousePorts.PickFree()).ToArray())
            .ToArray();
        var remoteServers = RemoteServers(options.Name, ports);
        var starts = ports.Select((replicas, shard) => replicas.Select((nodePorts, replica) => ClickHouseServer.StartAsync(
            new ClickHouseServerOptions
            {
                Name = $"s{shard + 1}r{replica + 1}",
                Ports = nodePorts,
                GraphiteRollups = options.GraphiteRollups,
                ZooKeeper = zooKeeper.EndPoint,
                Macros = new ClickHouseMacros((shard + 1).ToString("00", CultureInfo.InvariantCulture), $"r{replica + 1}"),
                RemoteServers = remoteServers,
                StartTimeout = options.StartTimeout,
                QueryTimeout = options.QueryTimeout,
            },
            cancellationToken)).ToArray()).ToArray();
        try
        {
            await Task.WhenAll(starts.SelectMany(replicas => replicas));
            await WaitForZooKeeperSessionsAsync(starts.SelectMany(replicas => replicas).Select(start => start.Result), options.StartTimeout, cancellationToken);
        }
        catch
        {
            foreach (var start in starts.SelectMany(replicas => replicas).Where(start => start.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            await zooKeeper.DisposeAsync();
            throw;
        }

        return new ClickHouseCluster(options.Name, zooKeeper, [.. starts.Select(replicas => replicas.Select(start => start.Result).ToArray())]);
    }

    /// <summary>The node of <paramref name="shard"/>, <paramref name="replica"/>, both counted from 1.</summary>
    public ClickHouseServer Node(int shard, int replica) => _shards[shard - 1][replica - 1];

    /// <summary>The nodes of one shard (counted from 1).</summary>
    public IReadOnlyList<ClickHouseServer> Shard(int shard) => _shards[shard - 1];

    /// <summary>Runs <paramref name="sql"/> on every node in turn (a local table is created node by node) and
    /// returns the answers in <see cref="Nodes"/> order; a killed node makes it throw.</summary>
    public async Task<IReadOnlyList<string>> QueryEachAsync(string sql, CancellationToken cancellationToken = default)
    {
        var answers = new List<string>(Nodes.Count);
        foreach (var node in Nodes)
        {
            answers.Add(await node.QueryAsync(sql, cancellationToken));
        }

        return answers;
    }

    public void Dispose()
    {
        // Nodes first: killed after ZooKeeper, they would only fill their logs with lost sessions.
        try
        {
            foreach (var node in Nodes)
            {
                node.Dispose();
            }
        }
        finally
        {
            ZooKeeper.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Waits until every node reads ZooKeeper through its own session. A node answers <c>/ping</c> before its session
    /// is up; ClickHouse 18.16 given an <c>ON CLUSTER</c> statement then (its DDL worker not started yet) was seen to
    /// end the process, so a cluster counts as started only once each node's session answers.
    /// </summary>
    private static async Task WaitForZooKeeperSessionsAsync(IEnumerable<ClickHouseServer> nodes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            await node.WaitForAnswerAsync("SELECT count() > 0 FROM system.zookeeper WHERE path = '/'", "1", timeout, cancellationToken);
        }
    }

    private static string RemoteServers(string name, ClickHousePorts[][] shards) =>
        new XElement(
            name,
            shards.Select(replicas => new XElement(
                "shard",
                // Each block goes to one replica; the Replicated table, not the Distributed one, copies it on.
                new XElement("internal_replication", "true"),
                replicas.Select(ports => new XElement(
                    "replica",
                    new XElement("host", "127.0.0.1"),
                    new XElement("port", ports.Tcp)))))).ToString();
}

using System.Diagnostics;
using Mine.TestKit.ClickHouse;
using Xunit.Abstractions;

namespace Mine.ClickHouse.Tests.Harness;

public sealed class ClickHouseClusterTests(ITestOutputHelper output)
{
    private const int SeriesCount = 200;
    private const int PointsPerBatch = 3;

    private static readonly Dictionary<string, string> SyncInsert = new() { ["insert_distributed_sync"] = "1" };

    // About 25 s on two cores: ZooKeeper and the four servers start in 2-4 s and the inserts and reads take about a
    // second; the rest is the killed replica, started again at once, waiting for ZooKeeper to expire its old session
    // (ZooKeeperSessionTimeout, 10 s here). Until then it "appears to be already active", and ClickHouse 18.16 tries
    // again only every 10 s, so it takes its place back and fetches what it missed about 20 s after the restart.
    [ClickHouseFact(NeedsZooKeeper = true)]
    public async Task A_two_by_two_cluster_takes_and_serves_points_with_a_replica_killed_and_the_replica_catches_up_after_restart()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ClickHouseCluster.StartAsync(new() { GraphiteRollups = [GraphiteRollupXml.Default("graphite_rollup", "avg", (0, 60), (86_400, 300))] });
        Log(clock, "cluster started");
        await cluster.QueryEachAsync($"CREATE TABLE graphite {GraphiteTable.Columns} ENGINE = ReplicatedGraphiteMergeTree('/clickhouse/tables/{{shard}}/graphite', '{{replica}}', 'graphite_rollup') {GraphiteTable.Layout}");
        await cluster.QueryEachAsync($"CREATE TABLE graphite_dist AS graphite ENGINE = Distributed({cluster.Name}, default, graphite, cityHash64(Path))");
        var writer = cluster.Node(2, 1);
        var reader = cluster.Node(2, 2);
        var victim = cluster.Node(1, 2);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;

        await writer.QueryAsync(GraphiteTable.Insert("graphite_dist", Batch(now - 3600)), SyncInsert);
        await SyncRunningReplicasAsync(cluster);
        Assert.Equal(SeriesCount * PointsPerBatch, await CountAsync(reader, "graphite_dist"));
        var shardCounts = await LocalCountsAgreeAsync(cluster);
        Assert.All(shardCounts, count => Assert.True(count > 0, "cityHash64 should spread 200 series over both shards"));
        Log(clock, $"first batch in, shards hold {string.Join(" + ", shardCounts)}");

        victim.Kill();
        await writer.QueryAsync(GraphiteTable.Insert("graphite_dist", Batch(now - 1800)), SyncInsert);
        await SyncRunningReplicasAsync(cluster);
        Assert.Equal(2 * SeriesCount * PointsPerBatch, await CountAsync(reader, "graphite_dist"));
        var shardOne = await CountAsync(cluster.Node(1, 1), "graphite");
        Log(clock, $"second batch in and read with {victim.Name} killed; shard 1 holds {shardOne}");

        await victim.StartAgainAsync();
        Log(clock, $"{victim.Name} answers again");
        await victim.WaitForAnswerAsync("SELECT count() FROM graphite", $"{shardOne}", TimeSpan.FromSeconds(90));
        Log(clock, $"{victim.Name} caught up");
        Assert.Equal(2 * SeriesCount * PointsPerBatch, await CountAsync(reader, "graphite_dist"));
        await LocalCountsAgreeAsync(cluster);
    }

    private static IEnumerable<GraphiteTable.Point> Batch(long start) =>
        from series in Enumerable.Range(0, SeriesCount)
        from point in Enumerable.Range(0, PointsPerBatch)
        select new GraphiteTable.Point($"servers.host{series:000}.cpu.user", series + point, start + (point * 60));

    private static async Task<long> CountAsync(ClickHouseServer node, string table) =>
        long.Parse((await node.QueryAsync($"SELECT count() FROM {table}")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A Distributed insert lands on one replica per shard; a read may pick the other one, so every running
    /// replica first fetches what its shard has.</summary>
    private static async Task SyncRunningReplicasAsync(ClickHouseCluster cluster)
    {
        foreach (var node in cluster.Nodes.Where(node => node.IsRunning))
        {
            await node.QueryAsync("SYSTEM SYNC REPLICA graphite");
        }
    }

    /// <summary>Asserts that the running replicas of each shard hold the same number of rows, and returns it per shard.</summary>
    private static async Task<long[]> LocalCountsAgreeAsync(ClickHouseCluster cluster)
    {
        var perShard = new List<long>();
        for (var shard = 1; shard <= 2; shard++)
        {
            var counts = new List<long>();
            foreach (var node in cluster.Shard(shard).Where(node => node.IsRunning))
            {
                counts.Add(await CountAsync(node, "graphite"));
            }

            Assert.Single(counts.Distinct());
            perShard.Add(counts[0]);
        }

        return [.. perShard];
    }

    private void Log(Stopwatch clock, string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");
}

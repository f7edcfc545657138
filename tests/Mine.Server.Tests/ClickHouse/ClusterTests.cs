using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Mine.ClickHouse.Schema;
using Mine.Server.Tests.Process;
using Mine.Storage.Schemas;
using Mine.TestKit.ClickHouse;
using Mine.TestKit.Network;
using Xunit.Abstractions;

namespace Mine.Server.Tests.ClickHouse;

/// <summary>
/// Two Mine nodes in front of a real 2 × 2 ClickHouse cluster (ReplicatedGraphiteMergeTree through ZooKeeper, behind
/// the Distributed tables that <c>mine clickhouse-schema --cluster --replicated</c> prints). Node A runs in this
/// process on shard 1's first replica; node B is a real <c>mine serve</c> process on shard 2's first replica, reached
/// through a proxy that can cut it off. A replica of each shard is killed with SIGKILL while both nodes take points,
/// and node B itself is killed while it holds a backlog.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const string Database = "graphite";
    private const int SeriesPerNode = 40;
    private const int Step = 60; // the default schema keeps a minute per slot

    private static readonly ClickHouseTables Tables = new() { Database = Database };

    private static string Rollup => ClickHouseSchema.RollupXml(RollupRules.From(StorageSchemas.Default, StorageAggregation.Default), Tables.Rollup);

    // About a minute on two cores, most of it the killed replicas waiting for ZooKeeper to expire their old sessions
    // before they take their places back (see ClickHouseClusterTests).
    [ClickHouseFact(NeedsZooKeeper = true)]
    public async Task Writes_and_reads_go_on_through_killed_replicas_and_a_killed_node_delivers_its_backlog_when_it_restarts()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ClickHouseCluster.StartAsync(new() { GraphiteRollups = [Rollup] });
        foreach (var statement in ClickHouseSchema.Cluster(Tables, cluster.Name, replicated: true))
        {
            await cluster.Node(1, 1).QueryAsync(statement);
        }

        Log(clock, "cluster started, tables made ON CLUSTER");
        await using var proxyToShardTwo = new FaultyTcpProxy(new IPEndPoint(IPAddress.Loopback, cluster.Node(2, 1).Ports.Http));
        var dataB = Path.Combine(Path.GetTempPath(), "mine-ch-cluster-b-" + Guid.NewGuid().ToString("N"));
        var settingsB = new Dictionary<string, string>
        {
            ["MINE__CLICKHOUSE__URL"] = $"http://{proxyToShardTwo.EndPoint}/?database={Database}",
            ["MINE__CLICKHOUSE__CLUSTER"] = cluster.Name,
            ["MINE__CLICKHOUSE__NAMESREFRESHSECONDS"] = "1",
            ["MINE__SELFMETRICSINTERVALSECONDS"] = "0",
        };
        try
        {
            await using var nodeA = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Mine:ClickHouse:Url"] = $"{cluster.Node(1, 1).HttpUrl}?database={Database}",
                ["Mine:ClickHouse:Cluster"] = cluster.Name,
                ["Mine:ClickHouse:NamesRefreshSeconds"] = "1",
            });
            var nodeB = await MineProcess.StartAsync(dataB, settings: settingsB);
            try
            {
                var start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600) - (6 * 3600);
                using var stream = new PointStream(start, nodeA.PlaintextTcp.Port, nodeB.PlaintextPort);
                var streaming = stream.RunAsync();

                await stream.WaitForRoundsAsync(5);
                cluster.Node(1, 2).Kill();
                cluster.Node(2, 2).Kill();
                Log(clock, $"one replica of each shard killed after {stream.Rounds} rounds");

                // With a replica of each shard gone, both nodes go on taking points and answering from the cluster.
                var roundsAtKill = stream.Rounds;
                await stream.WaitForRoundsAsync(roundsAtKill + 10);
                await nodeA.Admin.PostAsync("/_internal/flush", null);
                (await nodeB.Admin.PostAsync("/_internal/flush", null)).EnsureSuccessStatusCode();
                var writtenWhileDown = stream.Rounds;
                foreach (var (name, http) in new[] { ("A", nodeA.Http), ("B", nodeB.Http) })
                {
                    var seen = "";
                    await EventuallyAsync(
                        async () =>
                        {
                            var fromB = await ValuesAsync(http, "servers.b-07.load", start, writtenWhileDown);
                            var fromA = await ValuesAsync(http, "servers.a-31.load", start, writtenWhileDown);
                            seen = $"node {name} reads {fromA.Count} of A's points and {fromB.Count} of B's";
                            return fromA.Count >= writtenWhileDown && fromB.Count >= writtenWhileDown;
                        },
                        $"both nodes read the {writtenWhileDown} rounds both took with two replicas down",
                        detail: () => seen + "\n" + nodeB.Output[^Math.Min(nodeB.Output.Length, 3000)..]);
                }

                Log(clock, $"{writtenWhileDown} rounds read through both nodes with two replicas down");
                await cluster.Node(1, 2).StartAgainAsync();
                await cluster.Node(2, 2).StartAgainAsync();
                await stream.WaitForRoundsAsync(stream.Rounds + 5);
                stream.Stop();
                await streaming;
                var rounds = stream.Rounds;
                Log(clock, $"replicas started again; {rounds} rounds sent in all");

                await nodeA.Admin.PostAsync("/_internal/flush", null);
                (await nodeB.Admin.PostAsync("/_internal/flush", null)).EnsureSuccessStatusCode();
                var expectedRows = 2 * SeriesPerNode * rounds;
                await AllReplicasHoldAsync(cluster, expectedRows);
                Log(clock, $"every replica caught up: {expectedRows} rows across the shards");
                foreach (var http in new[] { nodeA.Http, nodeB.Http })
                {
                    foreach (var series in new[] { "servers.a-00.load", "servers.a-39.load", "servers.b-00.load", "servers.b-39.load" })
                    {
                        Assert.Equal(Enumerable.Range(0, rounds).Select(static r => (double)r), await ValuesAsync(http, series, start, rounds));
                    }
                }

                // Node B cut off from ClickHouse, takes points into its backlog, and is killed before it can send them.
                proxyToShardTwo.SetFault(ProxyFault.ResetOnConnect);
                proxyToShardTwo.ResetAll();
                var late = start + (rounds * Step);
                await MineProcess.SendAsync(nodeB.PlaintextPort, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5).Select(i => $"late.b.load {100 + i} {late + (i * Step)}\n"))));
                await nodeB.WaitForMetricAsync("mine_storage_clickhouse_backlog_bytes", 1);
                nodeB.Kill9();
                Log(clock, "node B killed with a backlog");

                // Node A serves on, and has not seen what B held.
                Assert.Equal(Enumerable.Range(0, rounds).Select(static r => (double)r), await ValuesAsync(nodeA.Http, "servers.b-12.load", start, rounds));
                Assert.Equal("[]", (await nodeA.Http.GetStringAsync("/metrics/find?query=late.*")).Trim());

                proxyToShardTwo.SetFault(ProxyFault.None);
                nodeB.Dispose();
                nodeB = await MineProcess.StartAsync(dataB, settings: settingsB);
                await EventuallyAsync(async () => (await ValuesAsync(nodeA.Http, "late.b.load", late, 5)).SequenceEqual([100, 101, 102, 103, 104]), "node A reads the backlog node B delivered after its restart");
                Log(clock, "node B restarted and delivered its backlog; node A reads it");
                await AllReplicasHoldAsync(cluster, expectedRows + 5);
            }
            finally
            {
                nodeB.Dispose();
            }
        }
        finally
        {
            if (Directory.Exists(dataB))
            {
                Directory.Delete(dataB, recursive: true);
            }
        }
    }

    /// <summary>The non-null values of <paramref name="series"/> over <paramref name="rounds"/> steps from <paramref name="start"/>.</summary>
    private static async Task<List<double>> ValuesAsync(HttpClient http, string series, long start, int rounds)
    {
        using var response = await http.GetAsync($"/render?target={series}&from={start - 1}&until={start + ((rounds - 1) * Step)}&format=json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetArrayLength() == 0
            ? []
            : [.. answer.RootElement[0].GetProperty("datapoints").EnumerateArray().Where(static p => p[0].ValueKind == JsonValueKind.Number).Select(static p => p[0].GetDouble())];
    }

    /// <summary>Waits until every replica of every shard is running and its shard's local rows add up to
    /// <paramref name="rows"/> with both replicas of a shard agreeing.</summary>
    private static async Task AllReplicasHoldAsync(ClickHouseCluster cluster, long rows)
    {
        string last = "";
        await EventuallyAsync(
            async () =>
            {
                var perShard = new List<long>();
                last = "";
                for (var shard = 1; shard <= 2; shard++)
                {
                    var counts = new List<long>();
                    foreach (var node in cluster.Shard(shard))
                    {
                        counts.Add(long.Parse((await node.QueryAsync($"SELECT count() FROM {Database}.{Tables.Points}_local")).Trim(), CultureInfo.InvariantCulture));
                    }

                    last += $"shard {shard}: {string.Join(" / ", counts)}; ";
                    if (counts.Distinct().Count() != 1)
                    {
                        return false;
                    }

                    perShard.Add(counts[0]);
                }

                return perShard.Sum() == rows;
            },
            $"every replica holds its shard's part of {rows} rows",
            timeoutSeconds: 120,
            detail: () => last);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 60, Func<string>? detail = null)
    {
        var clock = Stopwatch.StartNew();
        string error = "";
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or ClickHouseQueryException or TimeoutException or TaskCanceledException)
            {
                error = e.Message;
            }

            if (clock.Elapsed.TotalSeconds > timeoutSeconds)
            {
                throw new TimeoutException($"not true within {timeoutSeconds} s: {what} {detail?.Invoke()} {error}");
            }

            await Task.Delay(250);
        }
    }

    private void Log(Stopwatch clock, string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {what}");

    /// <summary>Rounds of points, one every 200 ms until stopped: round r gives every series of both nodes the value r
    /// at <c>start + r minutes</c>, servers.a-NN through node A and servers.b-NN through node B.</summary>
    private sealed class PointStream(long start, int portA, int portB) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private int _rounds;

        public int Rounds => Volatile.Read(ref _rounds);

        public void Stop() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        public async Task RunAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var round = Rounds;
                var time = start + ((long)round * Step);
                await MineProcess.SendAsync(portA, Round("a", round, time));
                await MineProcess.SendAsync(portB, Round("b", round, time));
                Interlocked.Increment(ref _rounds);
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public async Task WaitForRoundsAsync(int rounds)
        {
            while (Rounds < rounds)
            {
                await Task.Delay(50);
            }
        }

        private static byte[] Round(string node, int round, long time) => Encoding.ASCII.GetBytes(string.Concat(
            Enumerable.Range(0, SeriesPerNode).Select(series => string.Create(CultureInfo.InvariantCulture, $"servers.{node}-{series:00}.load {round} {time}\n"))));
    }
}

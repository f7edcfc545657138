using System.Net;
using System.Net.Sockets;
using Mine.TestKit.ClickHouse;

namespace Mine.ClickHouse.Tests.Harness;

/// <summary>One real ClickHouse server per test (each starts in about a second).</summary>
public sealed class ClickHouseServerTests
{
    private const int Day = 86_400;

    private static readonly string Rollup = GraphiteRollupXml.Default("graphite_rollup", "avg", (0, 60), (Day, 300));

    [ClickHouseFact]
    public async Task GraphiteMergeTree_rolls_points_older_than_a_day_up_to_300_seconds_and_keeps_recent_ones_at_60()
    {
        await using var server = await ClickHouseServer.StartAsync(new() { Name = "rollup", GraphiteRollups = [Rollup] });
        await server.QueryAsync($"CREATE TABLE graphite {GraphiteTable.Columns} ENGINE = GraphiteMergeTree('graphite_rollup') {GraphiteTable.Layout}");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var oldStart = (now - (2 * Day)) / 3600 * 3600;
        var recentStart = (now - 3600) / 3600 * 3600;
        var old = Enumerable.Range(0, 10).Select(i => new GraphiteTable.Point("old.series", i, oldStart + (i * 60)));
        var recent = Enumerable.Range(0, 10).Select(i => new GraphiteTable.Point("recent.series", 10 + i, recentStart + (i * 60)));
        await server.QueryAsync(GraphiteTable.Insert("graphite", old.Concat(recent)));
        Assert.Equal("10", (await server.QueryAsync("SELECT count() FROM graphite WHERE Path = 'old.series'")).Trim());

        // Rollup happens only when parts merge; FINAL merges every partition even when it holds a single part.
        await server.QueryAsync("OPTIMIZE TABLE graphite FINAL");

        var rows = (await server.QueryAsync("SELECT Path, Time, Value FROM graphite ORDER BY Path, Time")).TrimEnd('\n').Split('\n');
        string[] expected =
        [
            // avg(0..4) and avg(5..9), each at the start of its 300 s slot
            $"old.series\t{oldStart}\t2",
            $"old.series\t{oldStart + 300}\t7",
            .. recent.Select(point => $"recent.series\t{point.Time}\t{point.Value}"),
        ];
        Assert.Equal(expected, rows);
    }

    [ClickHouseFact]
    public async Task A_failed_query_throws_ClickHouse_error_text()
    {
        await using var server = await ClickHouseServer.StartAsync(new() { Name = "errors" });

        var error = await Assert.ThrowsAsync<ClickHouseQueryException>(() => server.QueryAsync("SELECT no_such_column FROM system.one"));

        Assert.NotEqual(HttpStatusCode.OK, error.Status);
        Assert.Contains("DB::Exception", error.Error);
        Assert.Contains("no_such_column", error.Error);
    }

    [ClickHouseFact]
    public async Task A_killed_server_starts_again_on_its_port_with_its_data()
    {
        await using var server = await ClickHouseServer.StartAsync(new() { Name = "restart" });
        await server.QueryAsync("CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x");
        await server.QueryAsync("INSERT INTO t FORMAT TabSeparated\n1\n2\n3\n");
        var url = server.HttpUrl;

        server.Kill();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAsync<HttpRequestException>(() => server.QueryAsync("SELECT 1"));
        await server.StartAgainAsync();

        Assert.Equal(url, server.HttpUrl);
        Assert.Equal("3", (await server.QueryAsync("SELECT count() FROM t")).Trim());
    }

    [ClickHouseFact]
    public async Task A_server_that_cannot_listen_fails_at_once_with_the_end_of_its_log_and_leaves_no_folder()
    {
        var ports = ClickHousePorts.PickFree();
        using var squatter = new TcpListener(IPAddress.Loopback, ports.Http);
        squatter.Start();
        var before = Directory.GetDirectories(Path.GetTempPath(), "mine-clickhouse-squatted-*");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ClickHouseServer.StartAsync(new() { Name = "squatted", Ports = ports, StartTimeout = TimeSpan.FromSeconds(20) }));

        Assert.Contains("Address already in use", error.Message);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "mine-clickhouse-squatted-*"));
    }
}

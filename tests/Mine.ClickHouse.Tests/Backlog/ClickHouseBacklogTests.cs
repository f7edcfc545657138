using Mine.ClickHouse.Backlog;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Rows;
using Mine.ClickHouse.Schema;
using Mine.Core.Buffers;
using Mine.TestKit.ClickHouse;

namespace Mine.ClickHouse.Tests.Backlog;

/// <summary>The backlog against a real ClickHouse that goes away and comes back: rows wait on disk, errors are
/// counted by kind, and everything arrives once, the segments then deleted.</summary>
public sealed class ClickHouseBacklogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-ch-backlog-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [ClickHouseFact]
    public async Task Rows_wait_on_disk_while_clickhouse_is_down_and_arrive_when_it_is_back()
    {
        var (server, client, tables) = await StartWithTablesAsync("backlog");
        await using var serverLifetime = server;
        using var clientLifetime = client;

        using var backlog = new ClickHouseBacklog(_directory, client, tables, new BacklogOptions { SendInterval = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) });
        using var stop = new CancellationTokenSource();
        var sender = backlog.RunAsync(() => { }, stop.Token);
        try
        {
            Append(backlog, "a.first", 0, 10);
            Assert.True(await backlog.DrainAsync(TimeSpan.FromSeconds(20)));
            Assert.True(backlog.BacklogBytes < 4096, $"{backlog.BacklogBytes} bytes left: sent segments are deleted (only the empty current one stays)");

            server.Kill();
            Append(backlog, "a.second", 10, 20);
            await WaitUntilAsync(() => backlog.Problem is not null && backlog.Counters.NetworkErrors > 0);
            Assert.True(backlog.BacklogBytes > 0);
            Assert.Contains("inserting into ClickHouse fails", backlog.Problem, StringComparison.Ordinal);

            await server.StartAgainAsync();
            Assert.True(await backlog.DrainAsync(TimeSpan.FromSeconds(30)), backlog.Problem);
            Assert.Null(backlog.Problem);
            Assert.Equal("a.first\t10\na.second\t10", (await server.QueryAsync("SELECT Path, count() FROM backlog.graphite GROUP BY Path ORDER BY Path")).Trim());
            Assert.Equal("20", (await server.QueryAsync("SELECT uniqExact(Path, Time) FROM backlog.graphite")).Trim());
            Assert.True(backlog.Counters.RowsSent >= 20);
        }
        finally
        {
            stop.Cancel();
            await sender;
        }
    }

    [ClickHouseFact]
    public async Task A_backlog_of_many_segments_goes_in_with_two_inserts_at_once_each_row_once_and_the_segments_deleted()
    {
        var (server, client, tables) = await StartWithTablesAsync("pipeline");
        await using var serverLifetime = server;
        using var clientLifetime = client;

        // Segments of ~4 KiB: 60 series of 40 points make dozens of them, all closed before the sender's first round.
        using var backlog = new ClickHouseBacklog(_directory, client, tables, new BacklogOptions { SendInterval = TimeSpan.FromSeconds(1), MaxSegmentBytes = 4096 });
        for (var series = 0; series < 60; series++)
        {
            Append(backlog, $"many.s{series:00}", 0, 40);
        }

        var segments = System.IO.Directory.GetFiles(_directory).Length;
        Assert.True(segments > 10, $"the rows should span many segments, not {segments}");
        using var stop = new CancellationTokenSource();
        var sender = backlog.RunAsync(() => { }, stop.Token);
        try
        {
            Assert.True(await backlog.DrainAsync(TimeSpan.FromSeconds(30)), backlog.Problem);
            Assert.Equal("2400\t2400\t60", (await server.QueryAsync("SELECT count(), uniqExact(Path, Time), uniqExact(Path) FROM pipeline.graphite")).Trim());
            Assert.True(backlog.BacklogBytes < 4096, $"{backlog.BacklogBytes} bytes left: sent segments are deleted");
            Assert.Equal(2400, backlog.Counters.RowsSent);
        }
        finally
        {
            stop.Cancel();
            await sender;
        }
    }

    /// <summary>A ClickHouse with carbon-clickhouse's tables in database <paramref name="name"/>, and a client for it.</summary>
    private static async Task<(ClickHouseServer Server, ClickHouseClient Client, ClickHouseTables Tables)> StartWithTablesAsync(string name)
    {
        var server = await ClickHouseServer.StartAsync(new() { Name = name, GraphiteRollups = [GraphiteRollupXml.Default("graphite_rollup", "avg", (0, 1))] });
        var tables = new ClickHouseTables { Database = name };
        var client = new ClickHouseClient(ClickHouseEndpoint.Parse($"{server.HttpUrl}?database={name}"), TimeSpan.FromSeconds(5));
        foreach (var statement in ClickHouseSchema.SingleServer(tables))
        {
            await client.QueryOutsideDatabaseAsync(statement);
        }

        return (server, client, tables);
    }

    private static void Append(ClickHouseBacklog backlog, string path, int from, int to)
    {
        using var rows = new PooledBufferWriter();
        var bytes = System.Text.Encoding.UTF8.GetBytes(path);
        var now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (var i = from; i < to; i++)
        {
            RowBinaryWriter.WritePoint(rows, bytes, i, now - 3600 + (uint)(i * 60), now);
        }

        backlog.Append(RowKind.Points, rows.WrittenSpan, to - from);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not true within 20 s");
            await Task.Delay(100);
        }
    }
}

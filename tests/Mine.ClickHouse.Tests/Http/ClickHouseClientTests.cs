using System.Net;
using Mine.ClickHouse.Http;

namespace Mine.ClickHouse.Tests.Http;

public sealed class ClickHouseClientTests
{
    /// <summary>An asynchronous insert into a Distributed table is acknowledged before the shards have the rows, and
    /// ClickHouse 18.16 can drop what it then fails to forward: the backlog must not let go of rows on that answer.</summary>
    [Fact]
    public async Task An_insert_waits_until_every_shard_has_its_rows_whatever_the_url_says()
    {
        var handler = new RecordingHandler();
        using var client = new ClickHouseClient(ClickHouseEndpoint.Parse("http://127.0.0.1:8123/?database=graphite&insert_distributed_sync=0&user=mine"), handler: handler);

        await client.InsertRowBinaryAsync("graphite.graphite", new byte[] { 1, 2, 3 });

        var query = Assert.Single(handler.Requests).Query;
        // ClickHouse takes the last value of a setting given twice in the URL.
        Assert.True(query.LastIndexOf("insert_distributed_sync=1", StringComparison.Ordinal) > query.LastIndexOf("insert_distributed_sync=0", StringComparison.Ordinal), query);
        Assert.Contains("user=mine", query, StringComparison.Ordinal);
        Assert.Contains("query=INSERT%20INTO%20graphite.graphite%20FORMAT%20RowBinary", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_carries_only_the_urls_settings()
    {
        var handler = new RecordingHandler();
        using var client = new ClickHouseClient(ClickHouseEndpoint.Parse("http://127.0.0.1:8123/?database=graphite"), handler: handler);

        await client.QueryAsync("SELECT 1");

        Assert.Equal("?database=graphite", Assert.Single(handler.Requests).Query);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
        }
    }
}

using Mine.ClickHouse.Http;

namespace Mine.ClickHouse.Tests.Http;

public sealed class ClickHouseEndpointTests
{
    [Fact]
    public void The_url_gives_the_database_and_keeps_its_other_parameters_for_every_request()
    {
        var endpoint = ClickHouseEndpoint.Parse("http://127.0.0.1:8123/?database=graphite&user=mine&max_execution_time=30");
        Assert.Equal("graphite", endpoint.Database);
        var uri = endpoint.RequestUri("query=SELECT%201").AbsoluteUri;
        Assert.StartsWith("http://127.0.0.1:8123/?database=graphite&", uri, StringComparison.Ordinal);
        Assert.Contains("user=mine", uri, StringComparison.Ordinal);
        Assert.Contains("max_execution_time=30", uri, StringComparison.Ordinal);
        Assert.EndsWith("&query=SELECT%201", uri, StringComparison.Ordinal);
        Assert.Equal("default", ClickHouseEndpoint.Parse("http://ch:8123").Database);
    }

    [Theory]
    [InlineData("127.0.0.1:8123")]
    [InlineData("tcp://127.0.0.1:9000")]
    [InlineData("")]
    public void A_url_that_is_not_http_says_what_to_write(string url)
    {
        var error = Assert.Throws<FormatException>(() => ClickHouseEndpoint.Parse(url));
        Assert.Contains("http://127.0.0.1:8123/?database=graphite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_never_appear_in_what_is_logged()
    {
        Assert.DoesNotContain("secret", ClickHouseEndpoint.Parse("http://mine:secret@ch:8123/?database=g").ToString(), StringComparison.Ordinal);
    }
}

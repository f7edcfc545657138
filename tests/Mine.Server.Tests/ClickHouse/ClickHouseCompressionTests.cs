using Mine.ClickHouse.Http;
using Mine.Hosting;

namespace Mine.Server.Tests.ClickHouse;

public sealed class ClickHouseCompressionTests
{
    [Theory]
    [InlineData("auto", "http://127.0.0.1:8123/?database=graphite", false)]
    [InlineData("auto", "http://127.0.0.2:8123/", false)]
    [InlineData("auto", "http://localhost:8123/", false)]
    [InlineData("auto", "http://[::1]:8123/", false)]
    [InlineData("auto", "http://10.0.0.5:8123/?database=graphite", true)]
    [InlineData("auto", "https://clickhouse.example.net:8443/", true)]
    [InlineData("gzip", "http://127.0.0.1:8123/", true)]
    [InlineData("none", "http://10.0.0.5:8123/", false)]
    public void Inserts_are_compressed_unless_clickhouse_is_on_this_machine_or_the_setting_says_otherwise(string setting, string url, bool compressed) =>
        Assert.Equal(compressed, ClickHouseSetup.Compresses(setting, ClickHouseEndpoint.Parse(url)));
}

using Mine.Hosting;

namespace Mine.Server.Tests.Hosting;

/// <summary>Runs alone: a test here sets MINE__ variables in the test process's environment, which every host
/// built meanwhile would read (and a config check would see as its settings).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

[Collection(ProcessEnvironmentCollection.Name)]
public class ConfigurationTests
{
    [Theory]
    [InlineData("127.0.0.1:2003", "127.0.0.1", 2003)]
    [InlineData(":2004", "0.0.0.0", 2004)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("localhost:9", "127.0.0.1", 9)]
    public void Endpoints_parse(string text, string address, int port)
    {
        var endPoint = EndpointSpec.Parse("http", text)!;
        Assert.Equal(address, endPoint.Address.ToString());
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("")]
    public void Off_disables_a_listener(string text) => Assert.Null(EndpointSpec.Parse("pickle", text));

    [Theory]
    [InlineData("2003")]
    [InlineData("host:port")]
    [InlineData("1.2.3.4:70000")]
    public void Bad_endpoints_name_the_option(string text)
    {
        var error = Assert.Throws<FormatException>(() => EndpointSpec.Parse("plaintext", text));
        Assert.Contains("--plaintext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_come_from_environment_variables_and_the_command_line_wins()
    {
        var data = Path.Combine(Path.GetTempPath(), "mine-env-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("MINE__MAXSERIESPERREQUEST", "7");
        Environment.SetEnvironmentVariable("MINE__PICKLE", "off");
        try
        {
            await using var server = await MineTestServer.StartAsync(data, new Dictionary<string, string?> { ["Mine:Pickle"] = "127.0.0.1:0" });
            var options = (MineOptions)server.Services.GetService(typeof(MineOptions))!;
            Assert.Equal(7, options.MaxSeriesPerRequest);  // from MINE__MAXSERIESPERREQUEST
            Assert.Equal("127.0.0.1:0", options.Pickle);     // the command line (overrides) beat MINE__PICKLE
        }
        finally
        {
            Environment.SetEnvironmentVariable("MINE__MAXSERIESPERREQUEST", null);
            Environment.SetEnvironmentVariable("MINE__PICKLE", null);
        }
    }

    [Fact]
    public async Task Mine_records_its_own_metrics_as_series()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:SelfMetricsIntervalSeconds"] = "1",
            ["Mine:NodeName"] = "test.node",
        });
        var storage = (Mine.Storage.Engine.StorageEngine)server.Services.GetService(typeof(Mine.Storage.Engine.StorageEngine))!;
        var deadline = Environment.TickCount64 + 15000;
        while (storage.FindSeries("mine.test_node.points_ingested_total").Count == 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Single(storage.FindSeries("mine.test_node.points_ingested_total"));
        Assert.Single(storage.FindSeries("mine.test_node.listener.plaintext.tcp.invalid_total"));
    }
}

using Mine.Hosting;
using Mine.Server.Tests.Relay;

namespace Mine.Server.Tests.Hosting;

public sealed class HostNodeSettingTests
{
    [Theory]
    [InlineData("auto", null)]
    [InlineData("Auto", null)]
    [InlineData("", null)]
    [InlineData("0", 0)]
    [InlineData(" 1 ", 1)]
    [InlineData("-1", -1)]
    [InlineData("32", 32)]
    public void The_host_node_is_auto_or_a_node(string text, int? node) => Assert.Equal(node, FleetSetup.HostNode(text));

    [Fact]
    public void The_default_is_auto() => Assert.Null(FleetSetup.Rules(new MineOptions()).GraphiteHostNode);

    [Theory]
    [InlineData("x")]
    [InlineData("-2")]
    [InlineData("1.5")]
    [InlineData("33")]
    public void A_bad_host_node_names_the_flag_the_key_and_the_values_it_takes(string text)
    {
        var error = Assert.Throws<FormatException>(() => FleetSetup.HostNode(text));
        Assert.Contains("--host-node (Mine:Fleet:GraphiteHostNode)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("auto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_bad_host_node_stops_with_one_line_and_exit_code_2()
    {
        var data = Directory.CreateTempSubdirectory("mine-host-node").FullName;
        try
        {
            var (code, output) = await RelayLauncher.RunAsync(
                ["serve", "--data", data, "--host-node", "servers", "--http", $"127.0.0.1:{RelayLauncher.FreePort()}", "--plaintext", "off", "--pickle", "off", "--collectd", "off"]);
            Assert.Equal(2, code);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("--host-node servers (Mine:Fleet:GraphiteHostNode): must be auto", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

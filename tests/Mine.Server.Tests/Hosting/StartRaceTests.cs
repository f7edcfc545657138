using System.Net;
using System.Net.Sockets;
using Mine.Hosting;

namespace Mine.Server.Tests.Hosting;

/// <summary>
/// A port taken by another program after the start-up check and before the listener binds it: the start still ends
/// with exit code 2 (one line), not an unhandled exception, for Kestrel's HTTP port and for Mine's own listeners.
/// </summary>
public sealed class StartRaceTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "mine-start-race-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("Mine:Http")]
    [InlineData("Mine:Pickle")]
    public async Task A_port_taken_after_the_check_is_exit_code_2(string key)
    {
        var port = Process.MineChildProcess.FreePort();
        var overrides = new Dictionary<string, string?>
        {
            ["Mine:Data"] = _data,
            ["Mine:Http"] = "127.0.0.1:0",
            ["Mine:Plaintext"] = "127.0.0.1:0",
            ["Mine:Pickle"] = "127.0.0.1:0",
            ["Mine:Collectd"] = "off",
            ["Mine:SelfMetricsIntervalSeconds"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            [key] = $"127.0.0.1:{port}",
        };
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var code = await HostSetup.RunAsync("mine", () =>
        {
            var app = MineServer.Build(overrides);
            holder.Bind(new IPEndPoint(IPAddress.Loopback, port));
            holder.Listen();
            return app;
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HostSetup.BadStartExitCode, code);
    }

    [Fact]
    public async Task A_broken_schemas_file_names_the_flag()
    {
        Directory.CreateDirectory(_data);
        var schemas = Path.Combine(_data, "storage-schemas.conf");
        await File.WriteAllTextAsync(schemas, "[all]\npattern = .*\nretentions = 1x:nonsense\n");
        var error = Assert.Throws<Core.Errors.MineUserException>(() => StorageRules.Load(new MineOptions { Schemas = schemas }));
        Assert.StartsWith($"--schemas {schemas}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(Mine:Schemas)", error.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<Core.Errors.MineUserException>(() => StorageRules.Load(new MineOptions { Aggregation = schemas + ".missing" }));
        Assert.Contains("--aggregation", missing.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}

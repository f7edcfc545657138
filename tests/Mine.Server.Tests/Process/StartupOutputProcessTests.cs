using System.Text;
using Mine.Api;

namespace Mine.Server.Tests.Process;

/// <summary>
/// What `mine serve` and `mine relay` print when they start: one block with the version, the folder, every listener
/// with the address it is really bound to (off ones said as off), the retention and the config files; none of
/// ASP.NET Core's own start lines; no line per HTTP request; one Warning line per slow query.
/// </summary>
public sealed class StartupOutputProcessTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mine-startup-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Serve_prints_one_block_with_true_addresses_and_logs_no_requests()
    {
        var data = Path.Combine(_root, "data");
        var config = Path.Combine(_root, "mine.json");
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(config, """{ "Mine": { "MaxQueuedRenders": 20 } }""");
        using var mine = await MineProcess.StartAsync(data, pickle: true, settings: new Dictionary<string, string>
        {
            ["MINE__CONFIGFILES__0"] = config,
            ["MINE__SLOWQUERYMILLISECONDS"] = "0",
        });
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await mine.Http.GetAsync("/metrics/find?query=*")).IsSuccessStatusCode);
        }

        var output = await OutputWithAsync(mine, "config");
        var block = Block(output, "serving");
        Assert.Matches(@"^mine \S+ serving\n", block);
        Assert.Contains($"\n  data         {Path.GetFullPath(data)}\n", block, StringComparison.Ordinal);
        Assert.Contains($"\n  http         http://127.0.0.1:{mine.HttpPort}\n", block, StringComparison.Ordinal);
        Assert.Matches($@"\n  plaintext    tcp 127\.0\.0\.1:{mine.PlaintextPort}, udp 127\.0\.0\.1:{mine.PlaintextPort}\n", block);
        Assert.Contains($"\n  pickle       tcp 127.0.0.1:{mine.PicklePort}\n", block, StringComparison.Ordinal);
        Assert.Contains("\n  collectd     off\n", block, StringComparison.Ordinal);
        Assert.Contains("\n  forward      off\n", block, StringComparison.Ordinal);
        Assert.Contains("\n  retention    built in: ", block, StringComparison.Ordinal);
        Assert.Contains(".* 1m:14d,5m:1y", block, StringComparison.Ordinal);
        Assert.Contains($"\n  config       {config}\n", block, StringComparison.Ordinal);
        foreach (var noise in new[] { "Application started", "Hosting environment", "Content root path", "Now listening", "Microsoft.AspNetCore" })
        {
            Assert.DoesNotContain(noise, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("slow find", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_render_logs_one_line_with_its_target_and_what_it_read()
    {
        var data = Path.Combine(_root, "data");
        using var mine = await MineProcess.StartAsync(data, settings: new Dictionary<string, string> { ["MINE__SLOWQUERYMILLISECONDS"] = "1" });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
        var lines = new StringBuilder();
        for (var minute = 1; minute <= 30; minute++)
        {
            lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"slow.web-1.load {minute} {now - (minute * 60)}\n");
        }

        await MineProcess.SendAsync(mine.PlaintextPort, Encoding.ASCII.GetBytes(lines.ToString()));
        await mine.WaitForMetricAsync("mine_points_ingested_total", 30);

        // A picture: drawing takes well over a millisecond.
        Assert.True((await mine.Http.GetAsync("/render?target=sumSeries(slow.*.load)&from=-1h&width=600&height=300")).IsSuccessStatusCode);
        var output = await OutputWithAsync(mine, "slow render:");
        var line = output.Split('\n').Single(static l => l.Contains("slow render:", StringComparison.Ordinal));
        Assert.Contains("warn: Mine.SlowQuery", line, StringComparison.Ordinal);
        Assert.Contains("status 200", line, StringComparison.Ordinal);
        Assert.Contains("1 series and ", line, StringComparison.Ordinal);
        Assert.Matches(@"1 series and [1-9]\d* points read", line);
        Assert.EndsWith("sumSeries(slow.*.load)", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_relay_prints_its_block_with_buffer_and_destinations()
    {
        var buffer = Path.Combine(_root, "buffer");
        var destination = $"127.0.0.1:{MineChildProcess.FreePort()}";
        using var relay = await RelayProcess.StartAsync(RelayProcess.Plan(buffer, [destination]));
        var block = Block(await OutputWithAsync(relay, "config"), "relaying");
        Assert.Contains($"\n  buffer      {Path.GetFullPath(buffer)} (limit 4G, when full: block)\n", block, StringComparison.Ordinal);
        Assert.Contains($"\n  http        http://127.0.0.1:{relay.HttpPort}\n", block, StringComparison.Ordinal);
        Assert.Contains($"\n  plaintext   tcp 127.0.0.1:{relay.PlaintextPort}, udp 127.0.0.1:{relay.PlaintextPort}\n", block, StringComparison.Ordinal);
        Assert.Contains($"\n  forward to  {destination} (plain TCP)\n", block, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_and_many_targets_are_shortened()
    {
        var targets = Enumerable.Range(0, 7).Select(static i => new string((char)('a' + i), 300)).ToList();
        var text = SlowQueryLog.Targets(targets);
        Assert.StartsWith(new string('a', 200) + "… (300 chars) & ", text, StringComparison.Ordinal);
        Assert.EndsWith(" & 2 more", text, StringComparison.Ordinal);
        Assert.Equal("x.y", SlowQueryLog.Targets(["x.y"]));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>The startup block: from its title line to the first line that is not part of it.</summary>
    private static string Block(string output, string verb)
    {
        var lines = output.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("mine ", StringComparison.Ordinal) && l.EndsWith(" " + verb, StringComparison.Ordinal));
        Assert.True(first >= 0, $"no startup block in:\n{output}");
        var block = new StringBuilder(lines[first]).Append('\n');
        for (var i = first + 1; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal); i++)
        {
            block.Append(lines[i]).Append('\n');
        }

        return block.ToString();
    }

    /// <summary>The process's output once it contains <paramref name="text"/> (output is read asynchronously).</summary>
    private static async Task<string> OutputWithAsync(MineChildProcess process, string text)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!process.Output.Contains(text, StringComparison.Ordinal) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(50);
        }

        return process.Output;
    }
}

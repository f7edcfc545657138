using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mine.Server.Tests.Process;

/// <summary>
/// Runs every command of the README's quick start (the fenced blocks between <c>&lt;!-- quickstart --&gt;</c> and
/// <c>&lt;!-- /quickstart --&gt;</c>) against a fresh <c>mine serve</c> on free loopback ports with a fresh data
/// folder, with bash, as a new user would type them: only the ports are rewritten. Each must succeed and answer with
/// the data the quick start sent, so the README cannot drift from what Mine does.
/// </summary>
public sealed partial class ReadmeQuickStartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("mine-readme").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [ReadmeFact]
    public async Task Every_quick_start_command_works_as_written()
    {
        var commands = QuickStartCommands(File.ReadAllText(Path.Combine(RepoRoot(), "README.md")));
        var serve = commands.FindIndex(static c => ServeCommand().IsMatch(c));
        Assert.True(serve == 0, $"the quick start starts Mine first (dotnet run --project src/Mine -- serve, or mine serve); its commands:\n{string.Join('\n', commands)}");

        // The server is the README's own command line, with its arguments, on free ports and a fresh data folder.
        var arguments = ServeCommand().Match(commands[0]).Groups["arguments"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var mine = await MineProcess.StartAsync(_data, arguments: arguments);

        var sends = commands.Skip(1).Where(static c => SendCommand().IsMatch(c)).ToList();
        var reads = commands.Skip(1).Where(static c => c.StartsWith("curl ", StringComparison.Ordinal)).ToList();
        Assert.True(sends.Count > 0 && reads.Count > 0, $"the quick start sends a point and reads it back; its commands:\n{string.Join('\n', commands)}");
        Assert.Equal(commands.Count - 1, sends.Count + reads.Count); // nothing else that this test would not check

        var sent = SendCommand().Match(sends[0]);
        var path = sent.Groups["path"].Value;
        var value = double.Parse(sent.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var command in sends)
        {
            var (code, output) = await BashAsync(ForTest(command, mine));
            Assert.True(code == 0, $"`{command}` failed with exit code {code}: {output}");
        }

        foreach (var command in reads)
        {
            // A person types the next command a few seconds later: give the point that long to be stored.
            var answer = await EventuallyAsync(ForTest(command, mine), output => AnswersWithData(output, path, value));
            Assert.True(AnswersWithData(answer, path, value), $"`{command}` answered without the data sent by `{sends[0]}`:\n{answer}");
        }

        // The host is the node a person means, not the prefix: servers.web-001.… is the host web-001.
        using var hosts = JsonDocument.Parse(await mine.Http.GetStringAsync("/api/fleet/hosts"));
        var host = Assert.Single(hosts.RootElement.EnumerateArray());
        Assert.Equal(path.Split('.')[1], host.GetProperty("name").GetString());
        Assert.Contains($"the host `{path.Split('.')[1]}` is there", File.ReadAllText(Path.Combine(RepoRoot(), "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_quick_start_commands_are_the_fenced_lines_between_the_markers()
    {
        const string readme = "# x\n```\nnot this\n```\n<!-- quickstart -->\nStart:\n```\nmine serve\n```\ntext\n```\n# a comment\necho a\n\ncurl b\n```\n<!-- /quickstart -->\n```\nnor this\n```\n";
        Assert.Equal(["mine serve", "echo a", "curl b"], QuickStartCommands(readme));
        Assert.Throws<InvalidOperationException>(() => QuickStartCommands("no markers"));
    }

    /// <summary>The command lines of the fenced blocks between the quick start markers (comments and blank lines left out).</summary>
    internal static List<string> QuickStartCommands(string readme)
    {
        var start = readme.IndexOf("<!-- quickstart -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- /quickstart -->", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException("README.md has no <!-- quickstart --> … <!-- /quickstart --> section");
        }

        var commands = new List<string>();
        var fenced = false;
        foreach (var line in readme[start..end].Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (fenced && text.Length > 0 && !text.StartsWith('#'))
            {
                commands.Add(text);
            }
        }

        return commands;
    }

    /// <summary>Whether a read answered with the point: non-empty JSON that names its path's nodes, with the value
    /// in a render's datapoints.</summary>
    private static bool AnswersWithData(string output, string path, double value)
    {
        try
        {
            using var json = JsonDocument.Parse(output);
            if (json.RootElement.ValueKind != JsonValueKind.Array || json.RootElement.GetArrayLength() == 0)
            {
                return false;
            }

            // The host's node (web-001 of servers.web-001.…) is in every answer: the render's target, the find's
            // node, the fleet's host.
            if (!output.Contains(path.Split('.')[1], StringComparison.Ordinal))
            {
                return false;
            }

            var series = json.RootElement[0];
            return !series.TryGetProperty("datapoints", out var points)
                || points.EnumerateArray().Any(p => p[0].ValueKind == JsonValueKind.Number && p[0].GetDouble() == value);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<string> EventuallyAsync(string command, Func<string, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (code, output) = await BashAsync(command);
            Assert.True(code == 0, $"`{command}` failed with exit code {code}: {output}");
            if (done(output) || DateTime.UtcNow > until)
            {
                return output;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The command with the README's default ports replaced by the test server's (nothing else).</summary>
    private static string ForTest(string command, MineProcess mine) => DefaultPort().Replace(command, m => m.Groups["port"].Value switch
    {
        "8080" => $"{m.Groups["host"].Value}{m.Groups["separator"].Value}{mine.HttpPort}",
        "2003" => $"{m.Groups["host"].Value}{m.Groups["separator"].Value}{mine.PlaintextPort}",
        _ => throw new InvalidOperationException($"the quick start uses port {m.Groups["port"].Value}, which the test server does not open"),
    });

    private static async Task<(int Code, string Output)> BashAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mine.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Mine.slnx not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^(?:dotnet run --project src/Mine --|\S*mine) serve(?<arguments>(?: .*)?)$")]
    private static partial Regex ServeCommand();

    [GeneratedRegex("""^echo "(?<path>\S+) (?<value>[0-9.]+) \$\(date \+%s\)" > /dev/tcp/127\.0\.0\.1/2003$""")]
    private static partial Regex SendCommand();

    [GeneratedRegex(@"(?<host>127\.0\.0\.1|localhost)(?<separator>[:/])(?<port>8080|2003|2004|25826)\b")]
    private static partial Regex DefaultPort();
}

/// <summary>A fact that needs bash and curl: skipped when either is missing, except in CI (CI=true), where .ci/run
/// installs them and the test fails without them.</summary>
public sealed class ReadmeFactAttribute : FactAttribute
{
    public ReadmeFactAttribute()
    {
        var missing = new[] { "bash", "curl" }.Where(static tool => !File.Exists($"/usr/bin/{tool}") && !File.Exists($"/bin/{tool}")).ToList();
        if (missing.Count > 0 && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{string.Join(" and ", missing)} not installed (apt-get install {string.Join(' ', missing)})";
        }
    }
}

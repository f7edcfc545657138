using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Configuration;

/// <summary>
/// The real <c>mine</c> with settings it cannot use: exit code 2 and one line on standard error (no stack trace,
/// nothing else), before any storage or port is opened; and <c>mine config check</c> on the example config.
/// </summary>
public sealed class ConfigProcessTests
{
    private static readonly string[] Off = ["--http", "off", "--plaintext", "off", "--pickle", "off", "--collectd", "off"];

    [Fact]
    public async Task A_bad_flag_value_is_one_line_and_exit_code_2()
    {
        await ExpectOneLineAsync(["serve", .. Off, "--wal-sync", "sometimes"], null, "mine: --wal-sync sometimes (Mine:WalSync): must be none, interval or always");
    }

    [Fact]
    public async Task A_bad_environment_variable_and_an_unknown_one_are_one_line_and_exit_code_2()
    {
        await ExpectOneLineAsync(["serve", .. Off], new() { ["MINE__MAXSERIESPERREQUEST"] = "-5" }, "mine: MINE__MAXSERIESPERREQUEST=-5 (Mine:MaxSeriesPerRequest): must be at least 1");
        await ExpectOneLineAsync(["serve", .. Off], new() { ["MINE__HTP"] = "127.0.0.1:9090" }, "mine: unknown key Mine:HTP (environment variable MINE__HTP); did you mean Mine:Http (MINE__HTTP)?");
    }

    [Fact]
    public async Task A_malformed_config_file_an_unknown_flag_and_a_bad_relay_value_are_one_line_and_exit_code_2()
    {
        var folder = Directory.CreateTempSubdirectory("mine-config-process-");
        try
        {
            var file = Path.Combine(folder.FullName, "mine.json");
            await File.WriteAllTextAsync(file, "{ \"Mine\": { \"Http\": \"off\", } ");
            await ExpectOneLineAsync(["serve", .. Off, "--config", file], null, $"mine: --config {file} (Mine:ConfigFiles): not valid JSON at line 1, column ");
            await ExpectOneLineAsync(["serve", "--htp", "127.0.0.1:9090"], null, "mine: Unrecognized command or argument '--htp'; did you mean --http? (see mine serve --help)");
            await ExpectOneLineAsync(["relay", .. Off, "--forward-to", "127.0.0.1:9", "--overflow", "sometimes"], null, "mine relay: --overflow sometimes (Mine:Relay:Overflow): must be block or drop-oldest");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Config_check_accepts_the_example_config_and_lists_every_problem_of_a_bad_one()
    {
        var example = Path.Combine(SettingsCheck.RepositoryRoot, "config", "mine.json");
        var (code, stdout, stderr) = await RunAsync(["config", "check", "--config", example, "--pickle", "off"], null);
        Assert.True(code == 0, $"exit code {code}\n{stdout}{stderr}");
        Assert.Equal("", stderr);
        Assert.Matches($@"(?m)^Mine:Http +0\.0\.0\.0:8080 +{System.Text.RegularExpressions.Regex.Escape(example)}$", stdout);
        Assert.Matches(@"(?m)^Mine:Pickle +off +flag --pickle$", stdout);
        Assert.Matches(@"(?m)^Mine:MaxFindNodes +1000000 +default$", stdout);

        (code, stdout, stderr) = await RunAsync(["config", "check", "--wal-sync", "sometimes", "--http", "nonsense"], null);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            [
                "mine: --http nonsense (Mine:Http): must be host:port or off, e.g. 127.0.0.1:2003, :2003 (every address), [::1]:2003",
                "mine: --wal-sync sometimes (Mine:WalSync): must be none, interval or always",
                "mine config check: 2 problems; mine serve would not start (docs/configuration.md)",
            ],
            stderr.TrimEnd('\n').Split('\n'));
    }

    private static async Task ExpectOneLineAsync(string[] arguments, Dictionary<string, string>? environment, string expectedStart)
    {
        var (code, stdout, stderr) = await RunAsync(arguments, environment);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.True(code == 2 && lines.Length == 1 && stdout.Length == 0, $"mine {string.Join(' ', arguments)}: exit code {code}\n{stdout}{stderr}");
        Assert.StartsWith(expectedStart, lines[0], StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] arguments, Dictionary<string, string>? environment)
    {
        var start = MineChildProcess.StartInfo(arguments, environment);
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

namespace Mine.Server.Tests.Relay;

/// <summary>
/// Settings a relay cannot start with stop it at once with exit code 2 and one line that names the problem and what
/// to do, never a stack trace: a buffer folder another relay holds, twin destinations, a bad size or route.
/// </summary>
public sealed class RelayStartErrorTests
{
    [Fact]
    public async Task A_buffer_folder_in_use_and_bad_settings_stop_the_start_with_one_line_and_exit_code_2()
    {
        var buffer = Directory.CreateTempSubdirectory("mine-relay-start-").FullName;
        try
        {
            using var first = await RelayLauncher.StartAsync(["--buffer", buffer, "--forward-to", "127.0.0.1:9"]);
            string[] off = ["relay", "--http", "off", "--plaintext", "off", "--pickle", "off", "--collectd", "off"];
            var cases = new (string[] Arguments, string Expected)[]
            {
                ([.. off, "--buffer", buffer, "--forward-to", "127.0.0.1:9"], "another Mine process uses this folder"),
                ([.. off, "--buffer", buffer + "-b", "--forward-to", "127.0.0.1:9", "--carbon-to", "127.0.0.1:9:a"], "listed twice"),
                ([.. off, "--buffer", buffer + "-b", "--forward-to", "127.0.0.1:9", "--buffer-limit", "lots"], "--buffer-limit lots (Mine:Relay:BufferLimit)"),
                ([.. off, "--buffer", buffer + "-b", "--forward-to", "127.0.0.1:9", "--route", "round_robin"], "--route round_robin"),
                ([.. off, "--buffer", buffer + "-b"], "give at least one destination"),
            };
            foreach (var (arguments, expected) in cases)
            {
                var (code, output) = await RelayLauncher.RunAsync(arguments);
                Assert.True(code == 2, $"mine {string.Join(' ', arguments)}: exit code {code}\n{output}");
                Assert.Contains(expected, output, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            }

            Assert.False(first.HasExited);
        }
        finally
        {
            Directory.Delete(buffer, recursive: true);
            if (Directory.Exists(buffer + "-b"))
            {
                Directory.Delete(buffer + "-b", recursive: true);
            }
        }
    }
}

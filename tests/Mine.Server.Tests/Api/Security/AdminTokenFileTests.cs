using System.Net;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Api.Security;

/// <summary>Without a configured admin token, the first start makes one in the data folder, readable only by its
/// owner, and every later start uses the same.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the token file's mode is part of what is tested
public class AdminTokenFileTests
{
    [Fact]
    public async Task The_first_start_makes_a_private_token_file_and_a_restart_keeps_it()
    {
        var data = Path.Combine(Path.GetTempPath(), "mine-token-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(data, "admin-token");
        try
        {
            string first;
            using (var mine = await MineProcess.StartAsync(data))
            {
                first = (await File.ReadAllTextAsync(file)).TrimEnd('\n');
                Assert.Matches("^[0-9a-f]{64}$", first);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                Assert.Matches($@"admin token +made in {System.Text.RegularExpressions.Regex.Escape(file)};", mine.Output);
                Assert.Equal(HttpStatusCode.Unauthorized, (await mine.Http.PostAsync("/_internal/flush", null)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await mine.Admin.PostAsync("/_internal/flush", null)).StatusCode);
                Assert.Contains(await mine.StopAsync(), new[] { 0, 143 }); // 143: System.CommandLine reports a terminated command as 128 + SIGTERM
            }

            using (var again = await MineProcess.StartAsync(data))
            {
                Assert.Equal(first, (await File.ReadAllTextAsync(file)).TrimEnd('\n'));
                Assert.Matches($@"admin token +in {System.Text.RegularExpressions.Regex.Escape(file)};", again.Output);
                Assert.Equal(HttpStatusCode.OK, (await again.Http.SendAsync(WriteAccessTests.Post("/_internal/flush", token: first))).StatusCode);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Two_servers_make_different_tokens()
    {
        await using var one = await MineTestServer.StartAsync();
        await using var two = await MineTestServer.StartAsync();

        Assert.NotEqual(one.AdminToken, two.AdminToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await two.Http.SendAsync(WriteAccessTests.Post("/_internal/flush", token: one.AdminToken))).StatusCode);
    }

    [Fact]
    public async Task A_token_file_elsewhere_is_made_there_or_read_from_there()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mine-token-file-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "secrets", "token");
        try
        {
            await using (var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:AdminTokenFile"] = file }))
            {
                Assert.Equal((await File.ReadAllTextAsync(file)).Trim(), server.AdminToken);
                Assert.False(File.Exists(Path.Combine(server.DataDirectory, "admin-token")));
            }

            await File.WriteAllTextAsync(file, "  operator-chosen-token-1234\n");
            await using (var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:AdminTokenFile"] = file }))
            {
                Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(WriteAccessTests.Post("/_internal/flush", token: "operator-chosen-token-1234"))).StatusCode);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

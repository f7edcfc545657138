using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mine.Access;

namespace Mine.Server.Tests.Api.Security;

/// <summary>Reads are open by default; with a read token or a users file every endpoint but the health probes needs
/// credentials: basic auth, the read token or the admin token.</summary>
public class ReadAccessTests
{
    private const string ReadToken = "read-token-0123456789abcdef";

    private static readonly string[] Reads = ["/", "/host/web-001", "/ui/app.js", "/render?target=constantLine(1)&format=json", "/metrics/find?query=*", "/tags", "/functions", "/version", "/api/fleet/hosts", "/events/get_data", "/_internal/metrics"];

    private static HttpRequestMessage Get(string path, AuthenticationHeaderValue? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return request;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    [Fact]
    public async Task Reads_are_open_by_default()
    {
        await using var server = await MineTestServer.StartAsync();
        foreach (var path in Reads)
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get(path))).StatusCode);
        }
    }

    [Fact]
    public async Task With_a_read_token_every_endpoint_but_the_probes_needs_it()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:ReadToken"] = ReadToken });

        foreach (var path in Reads)
        {
            var refused = await server.Http.SendAsync(Get(path));
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{path} answered {(int)refused.StatusCode} without credentials");
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get(path, Bearer(ReadToken + "x")))).StatusCode);
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get(path, Bearer(ReadToken)))).StatusCode);
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get(path, Bearer(server.AdminToken)))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);

        // The read token reads; it does not write.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(WriteAccessTests.Post("/_internal/flush", token: ReadToken))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Admin.PostAsync("/_internal/flush", null)).StatusCode);
    }

    [Fact]
    public async Task Basic_auth_users_from_a_file_read_and_browsers_are_asked_for_them()
    {
        var users = Path.Combine(Path.GetTempPath(), "mine-users-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(users, $"# operators\nalice:{PasswordHash.Create("wonder land", 1000)}\n\nbob:pbkdf2_sha256$1000$seasalt$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso=\n");
        try
        {
            await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:BasicAuthFile"] = users });
            foreach (var path in Reads)
            {
                var refused = await server.Http.SendAsync(Get(path));
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
                Assert.Contains("realm=\"mine\"", refused.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
                Assert.NotEqual(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get(path, Basic("alice", "wonder land")))).StatusCode);
                Assert.NotEqual(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get(path, Basic("bob", "correct horse")))).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Get("/", Basic("alice", "wonder land")))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get("/", Basic("alice", "wonder lan")))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get("/", Basic("alice", "wonder land ")))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get("/", Basic("carol", "wonder land")))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Get("/", Bearer("wonder land")))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);

            // A user removed from the file is refused within seconds, without a restart.
            await File.WriteAllTextAsync(users, $"bob:pbkdf2_sha256$1000$seasalt$mQnueSakb748zqBAC1tmWVZsZbi2zPGZarEzTGdfmso=\n");
            File.SetLastWriteTimeUtc(users, DateTime.UtcNow.AddSeconds(5));
            var deadline = Environment.TickCount64 + 10_000;
            while ((await server.Http.SendAsync(Get("/", Basic("alice", "wonder land")))).StatusCode != HttpStatusCode.Unauthorized)
            {
                Assert.True(Environment.TickCount64 < deadline, "alice could still read 10 s after she was removed from the file");
                await Task.Delay(200);
            }

            Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Get("/", Basic("bob", "correct horse")))).StatusCode);
        }
        finally
        {
            File.Delete(users);
        }
    }
}

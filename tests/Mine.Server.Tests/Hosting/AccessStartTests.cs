using Mine.Access;
using Mine.Relay.Security;
using Mine.Server.Tests.Relay;

namespace Mine.Server.Tests.Hosting;

/// <summary>A bad access setting (HTTPS files, users file, token file) stops `mine serve` with one line naming the
/// flag, the key and what to do, exit code 2, no stack trace; `mine auth hash-password` makes a line the users file takes.</summary>
public sealed class AccessStartTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mine-access-start-" + Guid.NewGuid().ToString("N"));

    public AccessStartTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("--http-tls-key is missing (Mine:HttpTlsKey)", "--http-tls-cert", "CERT")]
    [InlineData("--http-tls-cert is missing (Mine:HttpTlsCert)", "--http-tls-key", "KEY")]
    [InlineData("--http-tls-cert NOFILE (Mine:HttpTlsCert): no such file", "--http-tls-cert", "NOFILE", "--http-tls-key", "KEY")]
    [InlineData("--http-tls-key FOREIGN (Mine:HttpTlsKey): does not match the certificate", "--http-tls-cert", "CERT", "--http-tls-key", "FOREIGN")]
    [InlineData("--http-tls-cert KEY (Mine:HttpTlsCert): holds no PEM certificate", "--http-tls-cert", "KEY", "--http-tls-key", "KEY")]
    [InlineData("--http-tls-key CERT (Mine:HttpTlsKey): holds no PEM private key", "--http-tls-cert", "CERT", "--http-tls-key", "CERT")]
    [InlineData("--basic-auth-file NOFILE (Mine:BasicAuthFile): no such file", "--basic-auth-file", "NOFILE")]
    [InlineData("--basic-auth-file PLAIN (Mine:BasicAuthFile): line 2: the password of 'alice' is not a pbkdf2_sha256", "--basic-auth-file", "PLAIN")]
    [InlineData("--admin-token-file EMPTY (Mine:AdminTokenFile): is empty", "--admin-token-file", "EMPTY")]
    [InlineData("(Mine:ReadToken): holds a space", "--read-token", "two words")]
    public async Task A_bad_setting_is_one_line_and_exit_code_2(string message, params string[] flags)
    {
        using var ca = CertificateAuthority.Create("Mine test CA");
        using var certificate = ca.Issue("mine", ["localhost"], []);
        using var other = ca.Issue("other", ["localhost"], []);
        var files = new Dictionary<string, string>
        {
            ["CERT"] = Write("mine.crt", PemFiles.CertificatePem(certificate)),
            ["KEY"] = Write("mine.key", PemFiles.PrivateKeyPem(certificate)),
            ["FOREIGN"] = Write("other.key", PemFiles.PrivateKeyPem(other)),
            ["NOFILE"] = Path.Combine(_root, "missing"),
            ["PLAIN"] = Write("users", "# users\nalice:s3cret\n"),
            ["EMPTY"] = Write("token", "\n"),
        };
        string Resolve(string text) => files.Aggregate(text, (t, f) => t.Replace(f.Key, f.Value, StringComparison.Ordinal));

        var (code, output) = await RelayLauncher.RunAsync(
            ["serve", "--data", Path.Combine(_root, "data"), "--http", "127.0.0.1:0", "--plaintext", "off", "--pickle", "off", "--collectd", "off", .. flags.Select(Resolve)]);

        Assert.True(code == 2, $"exit code {code}\n{output}");
        var error = Assert.Single(output.Split('\n'), l => l.StartsWith("mine: ", StringComparison.Ordinal));
        Assert.Contains(Resolve(message), error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hash_password_prints_a_users_file_line()
    {
        var start = Process.MineChildProcess.StartInfo(["auth", "hash-password", "alice", "--iterations", "100000"]);
        start.RedirectStandardInput = true;
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("wonder land");
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = (await process.StandardOutput.ReadToEndAsync(deadline.Token)).Trim();
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("alice:pbkdf2_sha256$100000$", output, StringComparison.Ordinal);
        Assert.True(PasswordHash.Verify("wonder land", output["alice:".Length..]));
        Assert.False(PasswordHash.Verify("wonder", output["alice:".Length..]));
    }

    [Theory]
    [InlineData("a:b")]
    [InlineData("two words")]
    public async Task Hash_password_refuses_a_user_name_the_file_cannot_hold(string user)
    {
        var (code, output) = await RelayLauncher.RunAsync(["auth", "hash-password", user]);

        Assert.Equal(2, code);
        Assert.Contains("mine auth hash-password: USER", output, StringComparison.Ordinal);
    }
}

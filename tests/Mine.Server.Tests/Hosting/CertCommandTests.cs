using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Mine.Relay.Security;
using Mine.Server.Tests.Differential;

namespace Mine.Server.Tests.Hosting;

/// <summary><c>mine cert</c> run as a process, its files used by the relay's TLS helpers over real sockets.</summary>
[UnsupportedOSPlatform("windows")] // key file modes are part of what is tested
public sealed class CertCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mine-cert-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Files_of_mine_cert_ca_and_mine_cert_node_authenticate_a_relay_and_the_centre_mutually()
    {
        var centre = Path.Combine(_root, "centre");
        var dc1 = Path.Combine(_root, "dc1");

        await RunOkAsync("cert", "ca", "--out", centre);
        await RunOkAsync("cert", "node", "--ca", centre, "--name", "centre", "--dns", "localhost", "--ip", "127.0.0.1", "--out", centre);
        var output = await RunOkAsync("cert", "node", "--ca", centre, "--name", "relay-dc1", "--out", dc1);

        Assert.Contains($"use: --tls-cert {dc1}/relay-dc1.crt --tls-key {dc1}/relay-dc1.key --tls-ca {centre}/ca.crt", output, StringComparison.Ordinal);
        foreach (var key in new[] { $"{centre}/ca.key", $"{centre}/centre.key", $"{dc1}/relay-dc1.key" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        using var server = TlsSettings.Load($"{centre}/centre.crt", $"{centre}/centre.key", $"{centre}/ca.crt")!;
        File.Copy($"{centre}/ca.crt", $"{dc1}/ca.crt"); // what an operator copies to the datacenter
        using var client = TlsSettings.Load($"{dc1}/relay-dc1.crt", $"{dc1}/relay-dc1.key", $"{dc1}/ca.crt")!;
        var (serverRefusals, clientRefusals) = (new TlsRefusals(), new TlsRefusals());
        await using var connection = await ConnectAsync();

        var accepting = new TlsHandshake(server, serverRefusals).AuthenticateServerAsync(connection.Server, "relay").AsTask();
        await using var relay = (SslStream)await new TlsHandshake(client, clientRefusals).AuthenticateClientAsync(connection.Client, "localhost");
        await using var accepted = (SslStream)await accepting;

        await relay.WriteAsync("chunk"u8.ToArray());
        var received = new byte[5];
        await accepted.ReadExactlyAsync(received);
        Assert.Equal("chunk"u8.ToArray(), received);
        Assert.Equal("CN=relay-dc1", accepted.RemoteCertificate!.Subject);
        Assert.Equal(0, serverRefusals.Total + clientRefusals.Total);
    }

    [Fact]
    public async Task A_node_certificate_of_another_mine_cert_ca_is_refused_as_unknown_CA()
    {
        var centre = Path.Combine(_root, "centre");
        var other = Path.Combine(_root, "other");
        await RunOkAsync("cert", "ca", "--out", centre);
        await RunOkAsync("cert", "node", "--ca", centre, "--name", "centre", "--dns", "localhost", "--out", centre);
        await RunOkAsync("cert", "ca", "--out", other);
        await RunOkAsync("cert", "node", "--ca", other, "--name", "intruder", "--out", other);
        using var server = TlsSettings.Load($"{centre}/centre.crt", $"{centre}/centre.key", $"{centre}/ca.crt")!;
        using var intruderCertificate = X509Certificate2.CreateFromPemFile($"{other}/intruder.crt", $"{other}/intruder.key");
        using var intruder = TlsSettings.FromCertificates(intruderCertificate, server.Authorities[0]); // it trusts our CA, we do not trust its
        var refusals = new TlsRefusals();
        await using var connection = await ConnectAsync();

        var accepting = new TlsHandshake(server, refusals).AuthenticateServerAsync(connection.Server, "intruder").AsTask();
        var connecting = new TlsHandshake(intruder, new TlsRefusals()).AuthenticateClientAsync(connection.Client, "localhost").AsTask();

        var refused = await Assert.ThrowsAsync<TlsRefusedException>(() => accepting);
        Assert.Equal(TlsRefusalReason.UnknownCa, refused.Reason);
        Assert.Equal(1, refusals.Count(TlsRefusalReason.UnknownCa));
        try
        {
            await (await connecting).DisposeAsync(); // TLS 1.3: the client may finish before the server refuses it
        }
        catch (TlsRefusedException)
        {
        }
    }

    [Fact]
    public async Task Existing_files_are_kept_with_exit_code_2_unless_force()
    {
        var centre = Path.Combine(_root, "centre");
        await RunOkAsync("cert", "ca", "--out", centre);
        await RunOkAsync("cert", "node", "--ca", centre, "--name", "n", "--out", centre);
        var before = File.ReadAllText($"{centre}/n.key");

        var (code, output) = await RunMineAsync("cert", "node", "--ca", centre, "--name", "n", "--out", centre);
        Assert.True(code == 2, $"exit code {code}\n{output}");
        Assert.Contains($"mine cert node: --out {centre} already has n.crt: nothing written", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText($"{centre}/n.key"));

        (code, output) = await RunMineAsync("cert", "ca", "--out", centre);
        Assert.True(code == 2 && output.Contains("--force replaces the CA", StringComparison.Ordinal), $"exit code {code}\n{output}");

        await RunOkAsync("cert", "node", "--ca", centre, "--name", "n", "--out", centre, "--force");
        Assert.NotEqual(before, File.ReadAllText($"{centre}/n.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode($"{centre}/n.key"));
    }

    [Theory]
    [InlineData("--name", "cert", "node", "--ca", "CA", "--out", "OUT")]
    [InlineData("--ip", "cert", "node", "--ca", "CA", "--name", "n", "--ip", "10.0.0.300", "--out", "OUT")]
    [InlineData("--dns", "cert", "node", "--ca", "CA", "--name", "n", "--dns", "under_score", "--out", "OUT")]
    [InlineData("--ca", "cert", "node", "--ca", "OUT", "--name", "n", "--out", "OUT")]
    [InlineData("--days", "cert", "ca", "--out", "OUT", "--days", "0")]
    [InlineData("--out", "cert", "ca")]
    public async Task Bad_usage_is_one_line_naming_the_flag_and_exit_code_2(string flag, params string[] arguments)
    {
        var ca = Path.Combine(_root, "ca");
        await RunOkAsync("cert", "ca", "--out", ca);
        var resolved = arguments.Select(a => a switch { "CA" => ca, "OUT" => Path.Combine(_root, "out"), _ => a }).ToArray();

        var (code, output) = await RunMineAsync(resolved);

        Assert.True(code == 2, $"exit code {code}\n{output}");
        Assert.Contains(flag, output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Output)> RunMineAsync(params string[] arguments) =>
        GraphiteReference.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "mine.dll"), .. arguments], TimeSpan.FromMinutes(2));

    private static async Task<string> RunOkAsync(params string[] arguments)
    {
        var (code, output) = await RunMineAsync(arguments);
        Assert.True(code == 0, $"mine {string.Join(' ', arguments)}: exit code {code}\n{output}");
        return output;
    }

    private static async Task<Connection> ConnectAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient();
            var accepting = listener.AcceptSocketAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            return new Connection(client.GetStream(), new NetworkStream(await accepting, ownsSocket: true));
        }
        finally
        {
            listener.Stop();
        }
    }

    private sealed record Connection(NetworkStream Client, NetworkStream Server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}

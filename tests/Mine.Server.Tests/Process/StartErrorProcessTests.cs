using System.Net;
using System.Net.Sockets;
using Mine.TestKit.Disk;

namespace Mine.Server.Tests.Process;

/// <summary>
/// `mine serve` and `mine relay` refused at start by their surroundings (a port another program holds, a data or
/// buffer folder that is a file, read-only or held by another Mine): the real executable exits with code 2 and writes
/// exactly one line on stderr, starting with "mine" and naming the flag, with no stack trace anywhere.
/// </summary>
public sealed class StartErrorProcessTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mine-start-errors-" + Guid.NewGuid().ToString("N"));

    public StartErrorProcessTests() => Directory.CreateDirectory(_root);

    public static TheoryData<string, string> Listeners => new()
    {
        { "--http", "tcp" },
        { "--plaintext", "tcp" },
        { "--plaintext", "udp" },
        { "--pickle", "tcp" },
        { "--collectd", "udp" },
        { "--forward-listen", "tcp" },
    };

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task A_busy_port_names_the_listener_flag(string flag, string transport)
    {
        using var holder = Hold(transport, out var port);
        var (code, stderr, stdout) = await RunAsync(ServeArguments(Path.Combine(_root, "data"), (flag, $"127.0.0.1:{port}")));
        var line = AssertOneLine(code, stderr, stdout, $"mine: {flag} 127.0.0.1:{port}");
        Assert.Contains("already in use", line, StringComparison.Ordinal);
        Assert.Contains($"{flag} HOST:PORT", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task The_relay_names_a_busy_port_too(string flag, string transport)
    {
        using var holder = Hold(transport, out var port);
        var (code, stderr, stdout) = await RunAsync(RelayArguments(Path.Combine(_root, "buffer"), (flag, $"127.0.0.1:{port}")));
        var line = AssertOneLine(code, stderr, stdout, $"mine relay: {flag} 127.0.0.1:{port}");
        Assert.Contains("already in use", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_listeners_on_one_port_are_named_both()
    {
        var port = MineChildProcess.FreePort();
        var (code, stderr, stdout) = await RunAsync(ServeArguments(Path.Combine(_root, "data"), ("--plaintext", $"127.0.0.1:{port}"), ("--pickle", $"127.0.0.1:{port}")));
        var line = AssertOneLine(code, stderr, stdout, "mine: --plaintext");
        Assert.Contains("--pickle", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_as_data_folder_is_named()
    {
        var file = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var (code, stderr, stdout) = await RunAsync(ServeArguments(file));
        var line = AssertOneLine(code, stderr, stdout, $"mine: --data {file}: this is a file");
        Assert.Contains("(Mine:Data)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_under_a_file_is_named()
    {
        var file = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var (code, stderr, stdout) = await RunAsync(ServeArguments(Path.Combine(file, "data")));
        AssertOneLine(code, stderr, stdout, $"mine: --data {Path.Combine(file, "data")}: {file} is a file");
    }

    [Fact]
    public async Task A_data_folder_that_refuses_writes_is_named()
    {
        using var readOnly = ReadOnlyFolder(out var folder);
        if (folder is null)
        {
            return;
        }

        var (code, stderr, stdout) = await RunAsync(ServeArguments(folder));
        var line = AssertOneLine(code, stderr, stdout, $"mine: --data {folder}: ");
        Assert.Contains("write", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_another_mine_holds_is_named()
    {
        var data = Path.Combine(_root, "data");
        using var first = await MineProcess.StartAsync(data);
        var (code, stderr, stdout) = await RunAsync(ServeArguments(data));
        AssertOneLine(code, stderr, stdout, $"mine: --data {data}: another Mine process uses this folder");
        Assert.False(first.HasExited);
    }

    [Fact]
    public async Task A_file_given_as_relay_buffer_is_named()
    {
        var file = Path.Combine(_root, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var (code, stderr, stdout) = await RunAsync(RelayArguments(file));
        var line = AssertOneLine(code, stderr, stdout, $"mine relay: --buffer {file}: this is a file");
        Assert.Contains("(Mine:Relay:Buffer)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_buffer_that_refuses_writes_is_named()
    {
        using var readOnly = ReadOnlyFolder(out var folder);
        if (folder is null)
        {
            return;
        }

        var (code, stderr, stdout) = await RunAsync(RelayArguments(folder));
        AssertOneLine(code, stderr, stdout, $"mine relay: --buffer {folder}: ");
    }

    [Fact]
    public async Task A_relay_buffer_another_relay_holds_is_named()
    {
        var buffer = Path.Combine(_root, "buffer");
        using var first = await RelayProcess.StartAsync(RelayProcess.Plan(buffer, [$"127.0.0.1:{MineChildProcess.FreePort()}"]));
        var (code, stderr, stdout) = await RunAsync(RelayArguments(buffer));
        AssertOneLine(code, stderr, stdout, $"mine relay: --buffer {buffer}: another Mine process uses this folder");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            foreach (var folder in Directory.EnumerateDirectories(_root))
            {
                MakeWritable(folder);
            }

            Directory.Delete(_root, recursive: true);
        }
    }

    private static string AssertOneLine(int code, string stderr, string stdout, string start)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(code == 2, $"exit code {code}\nstderr:\n{stderr}\nstdout:\n{stdout}");
        Assert.True(lines.Length == 1, $"stderr has {lines.Length} lines:\n{stderr}\nstdout:\n{stdout}");
        Assert.StartsWith(start, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr + stdout, StringComparison.Ordinal);
        return lines[0];
    }

    /// <summary><c>mine serve</c> on free loopback ports with every listener on, then <paramref name="overrides"/>.</summary>
    private static List<string> ServeArguments(string data, params (string Flag, string Value)[] overrides) =>
        Arguments(["serve", "--data", data], overrides);

    private static List<string> RelayArguments(string buffer, params (string Flag, string Value)[] overrides) =>
        Arguments(["relay", "--buffer", buffer, "--forward-to", $"127.0.0.1:{MineChildProcess.FreePort()}"], overrides);

    private static List<string> Arguments(List<string> command, (string Flag, string Value)[] overrides)
    {
        var flags = new Dictionary<string, string>
        {
            ["--http"] = "127.0.0.1:0",
            ["--plaintext"] = "127.0.0.1:0",
            ["--pickle"] = "127.0.0.1:0",
            ["--collectd"] = "127.0.0.1:0",
            ["--forward-listen"] = "127.0.0.1:0",
        };
        foreach (var (flag, value) in overrides)
        {
            flags[flag] = value;
        }

        foreach (var (flag, value) in flags)
        {
            command.Add(flag);
            command.Add(value);
        }

        return command;
    }

    /// <summary>Runs the command to its end (a minute at most) and returns its exit code and both outputs.</summary>
    private static async Task<(int Code, string Stderr, string Stdout)> RunAsync(List<string> arguments)
    {
        var start = MineChildProcess.StartInfo(arguments, [new("MINE__SELFMETRICSINTERVALSECONDS", "0")]);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"mine {string.Join(' ', arguments)} did not stop by itself:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stderr, await stdout);
    }

    /// <summary>A socket holding a loopback port (TCP listening, or UDP bound), as another program would.</summary>
    private static Socket Hold(string transport, out int port)
    {
        var socket = transport == "tcp"
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        if (transport == "tcp")
        {
            socket.Listen();
        }

        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    /// <summary>A folder Mine cannot write in: a read-only tmpfs as root (root ignores permissions), a folder
    /// without write permission otherwise. Null (skip) when root cannot mount, except in CI.</summary>
    private IDisposable ReadOnlyFolder(out string? folder)
    {
        if (Environment.UserName == "root")
        {
            var mount = new Tmpfs("mine-read-only", "1m", readOnly: true);
            folder = mount.Require() ? mount.Path : null;
            return mount;
        }

        folder = Path.Combine(_root, "read-only");
        Directory.CreateDirectory(folder);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Mine runs on Linux");
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return new DisposableAction(() => MakeWritable(Path.Combine(_root, "read-only")));
    }

    private static void MakeWritable(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private sealed class DisposableAction(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

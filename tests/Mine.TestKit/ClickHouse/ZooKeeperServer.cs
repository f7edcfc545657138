using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mine.TestKit.Network;

namespace Mine.TestKit.ClickHouse;

/// <summary>
/// Debian's ZooKeeper (package <c>zookeeper</c>) run standalone in the foreground for a test, with its own config,
/// data folder and client port on 127.0.0.1, all in a temporary folder that disposing removes.
/// </summary>
public sealed class ZooKeeperServer : IAsyncDisposable, IDisposable
{
    public const string Jar = "/usr/share/java/zookeeper.jar";

    // zookeeper.jar's manifest names its dependencies but no logging backend: without these two (libslf4j-java and
    // liblog4j1.2-java, both dependencies of the package) it logs nothing at all.
    private static readonly string[] LoggingJars = ["/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar"];
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly ChildProcess _process;

    private ZooKeeperServer(string folder, int port, ChildProcess process)
    {
        Folder = folder;
        Port = port;
        _process = process;
    }

    /// <summary>True when Debian's ZooKeeper and a Java runtime are installed.</summary>
    public static bool IsInstalled => File.Exists(Jar) && FindJava() is not null;

    /// <summary>The client port, on 127.0.0.1.</summary>
    public int Port { get; }

    public DnsEndPoint EndPoint => new("127.0.0.1", Port);

    /// <summary>The temporary folder: zoo.cfg, data/, and zookeeper.log (everything it printed).</summary>
    public string Folder { get; }

    public string LogFile => Path.Combine(Folder, "zookeeper.log");

    /// <summary>Starts ZooKeeper and waits (within <paramref name="startTimeout"/>, 60 s by default) until it answers
    /// <c>ruok</c> with <c>imok</c>.</summary>
    public static async Task<ZooKeeperServer> StartAsync(TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var java = FindJava() ?? throw new InvalidOperationException("no java on the PATH (apt-get install zookeeper installs one)");
        var folder = TempFolders.Create("mine-zookeeper");
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var port = FreeTcpPorts.Take(1)[0];
        File.WriteAllText(Path.Combine(folder, "zoo.cfg"), $"""
            tickTime=2000
            dataDir={Path.Combine(folder, "data")}
            clientPort={port}
            clientPortAddress=127.0.0.1
            admin.enableServer=false
            4lw.commands.whitelist=ruok
            """);
        // The package's log4j.properties (/etc/zookeeper/conf) is an alternative a machine may have changed: this
        // folder comes first on the class path with one that prints everything to the console.
        File.WriteAllText(Path.Combine(folder, "log4j.properties"), """
            log4j.rootLogger=INFO, CONSOLE
            log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
            log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
            log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1}: %m%n
            """);
        var classPath = string.Join(':', new[] { folder, Jar }.Concat(LoggingJars.Where(File.Exists)));
        string[] arguments =
        [
            "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath,
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", Path.Combine(folder, "zoo.cfg"),
        ];

        ChildProcess process;
        try
        {
            process = ChildProcess.Start(java, arguments, folder, Path.Combine(folder, "zookeeper.log"));
        }
        catch
        {
            TempFolders.Delete(folder);
            throw;
        }

        var server = new ZooKeeperServer(folder, port, process);
        try
        {
            await server.WaitUntilOkAsync(startTimeout ?? TimeSpan.FromSeconds(60), cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Sends a four-letter command (only <c>ruok</c> is enabled) and returns the answer.</summary>
    public async Task<string> FourLetterCommandAsync(string command, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(timeout.Token);
    }

    /// <summary>The last lines ZooKeeper printed, for failure messages.</summary>
    public IReadOnlyList<string> LastLogLines() => _process.LastLines();

    public void Dispose()
    {
        try
        {
            _process.Dispose();
        }
        finally
        {
            TempFolders.Delete(Folder);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilOkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"ZooKeeper {_process.State()} before it answered ruok:\n{Tail()}");
            }

            try
            {
                var answer = await FourLetterCommandAsync("ruok", cancellationToken);
                if (answer == "imok")
                {
                    return;
                }

                last = $"answered '{answer}'";
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"ZooKeeper on port {Port} did not answer ruok with imok within {timeout.TotalSeconds} s ({last}):\n{Tail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private string Tail() => string.Join('\n', _process.LastLines().TakeLast(30));

    private static string? FindJava() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "java"))
        .FirstOrDefault(File.Exists);
}

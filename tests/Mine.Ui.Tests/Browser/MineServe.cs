using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mine.Ui.Tests.Browser;

/// <summary>The real <c>mine serve</c> (the test's mine.dll) in its own process, on free loopback ports.</summary>
internal sealed class MineServe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _data;

    private MineServe(Process process, string data, int http, int plaintext, int collectd)
    {
        _process = process;
        _data = data;
        HttpPort = http;
        PlaintextPort = plaintext;
        CollectdPort = collectd;
        BaseUrl = $"http://127.0.0.1:{http}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int HttpPort { get; }

    public int PlaintextPort { get; }

    public int CollectdPort { get; }

    public string BaseUrl { get; }

    /// <summary>The admin token Mine made in its data folder at start (docs/security.md), for admin writes.</summary>
    public string AdminToken => File.ReadAllText(Path.Combine(_data, "admin-token")).Trim();

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<MineServe> StartAsync(params string[] extraArguments)
    {
        var data = Path.Combine(Path.GetTempPath(), "mine-ui-" + Guid.NewGuid().ToString("N"));
        var (http, plaintext, collectd) = (FreeTcpPort(), FreeTcpPort(), FreeUdpPort());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "mine.dll"), "serve", "--data", data, "--http", $"127.0.0.1:{http}",
                     "--plaintext", $"127.0.0.1:{plaintext}", "--pickle", "off", "--collectd", $"127.0.0.1:{collectd}", "--wal-sync", "none",
                 }.Concat(extraArguments))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Mine__SelfMetricsIntervalSeconds"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var mine = new MineServe(process, data, http, plaintext, collectd);
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            try
            {
                if ((await mine.Http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return mine;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || Environment.TickCount64 > deadline)
            {
                var output = mine.Output;
                await mine.DisposeAsync();
                throw new InvalidOperationException($"mine serve did not become healthy:\n{output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends Graphite plaintext over one TCP connection.</summary>
    public async Task SendPlaintextAsync(string text, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, PlaintextPort, cancellationToken);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}

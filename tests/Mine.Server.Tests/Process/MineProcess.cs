using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mine.Server.Tests.Process;

/// <summary>The real <c>mine serve</c> executable in its own process, on free loopback ports.</summary>
internal sealed class MineProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();

    private MineProcess(System.Diagnostics.Process process, int httpPort, int plaintextPort, int? picklePort)
    {
        _process = process;
        HttpPort = httpPort;
        PlaintextPort = plaintextPort;
        PicklePort = picklePort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int HttpPort { get; }

    public int PlaintextPort { get; }

    public int? PicklePort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Resident set size of the server process now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS");
    }

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

    /// <param name="dataDirectory">Data folder.</param>
    /// <param name="httpPort">HTTP port (a free one if null).</param>
    /// <param name="plaintextPort">Plaintext port (a free one if null).</param>
    /// <param name="pickle">Whether to open the pickle listener (on a free port).</param>
    /// <param name="openFilesLimit">Runs the server under <c>ulimit -n</c> this low (through bash).</param>
    /// <param name="settings">Environment settings, e.g. <c>MINE__MAXCONNECTIONS</c>.</param>
    public static async Task<MineProcess> StartAsync(string dataDirectory, int? httpPort = null, int? plaintextPort = null, bool pickle = false, int? openFilesLimit = null,
        IDictionary<string, string>? settings = null)
    {
        var http = httpPort ?? FreePort();
        var plaintext = plaintextPort ?? FreePort();
        int? picklePort = pickle ? FreePort() : null;
        var start = new ProcessStartInfo(openFilesLimit is null ? "dotnet" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (openFilesLimit is { } limit)
        {
            // exec keeps the process id, so Kill and /proc/<pid> reach the server itself.
            foreach (var arg in new[] { "-c", $"ulimit -n {limit} && exec dotnet \"$@\"", "bash" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "mine.dll"), "serve", "--data", dataDirectory, "--http", $"127.0.0.1:{http}", "--plaintext", $"127.0.0.1:{plaintext}", "--pickle", picklePort is { } p ? $"127.0.0.1:{p}" : "off", "--collectd", "off" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var mine = new MineProcess(process, http, plaintext, picklePort);
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
                throw new InvalidOperationException($"mine did not become healthy:\n{mine.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until a metric reaches <paramref name="value"/> (or falls to it, with <paramref name="below"/>).</summary>
    public async Task WaitForMetricAsync(string metric, double value, bool below = false, int timeoutMs = 60_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var current = await MetricAsync(metric);
            if (below ? current <= value : current >= value)
            {
                return;
            }

            Assert.True(Environment.TickCount64 < deadline, $"{metric} stayed at {current}, waiting for {(below ? "at most" : "at least")} {value}\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends <paramref name="data"/> over one TCP connection to a loopback port and closes it.</summary>
    public static async Task SendAsync(int port, byte[] data)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await client.GetStream().WriteAsync(data);
    }

    public async Task<double> MetricAsync(string name)
    {
        var text = await Http.GetStringAsync("/_internal/metrics");
        var line = text.Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for the process to end by itself (a crash hook); false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // drains the output readers
        return true;
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void Kill9()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill9();
        }

        Http.Dispose();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
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
}

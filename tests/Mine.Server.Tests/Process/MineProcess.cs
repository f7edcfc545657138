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

    private MineProcess(System.Diagnostics.Process process, int httpPort, int plaintextPort)
    {
        _process = process;
        HttpPort = httpPort;
        PlaintextPort = plaintextPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int HttpPort { get; }

    public int PlaintextPort { get; }

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

    public static async Task<MineProcess> StartAsync(string dataDirectory, int? httpPort = null, int? plaintextPort = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var http = httpPort ?? FreePort();
        var plaintext = plaintextPort ?? FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "mine.dll"), "serve", "--data", dataDirectory, "--http", $"127.0.0.1:{http}", "--plaintext", $"127.0.0.1:{plaintext}", "--pickle", "off", "--collectd", "off" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var mine = new MineProcess(process, http, plaintext);
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

    public async Task<double> MetricAsync(string name)
    {
        var text = await Http.GetStringAsync("/_internal/metrics");
        var line = text.Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool HasExited => _process.HasExited;

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

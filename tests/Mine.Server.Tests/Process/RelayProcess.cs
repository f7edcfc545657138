using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mine.Server.Tests.Process;

/// <summary>
/// The real <c>mine relay</c> executable in its own process, on loopback ports, as <see cref="MineProcess"/> runs
/// <c>mine serve</c>: started on a buffer folder, stopped, killed with SIGKILL, started again on the same folder and
/// ports (<see cref="Options"/> keeps them). Self-metrics are off, so every point a destination receives is one a
/// test sent.
/// </summary>
internal sealed class RelayProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private RelayProcess(System.Diagnostics.Process process, RelayOptions options)
    {
        _process = process;
        Options = options;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>What the relay was started with, ports included: <c>StartAsync(relay.Options)</c> restarts it as it was.</summary>
    public RelayOptions Options { get; }

    public HttpClient Http { get; }

    public int PlaintextPort => Options.PlaintextPort ?? throw new InvalidOperationException("the relay has no plaintext listener");

    public bool HasExited => _process.HasExited;

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

    /// <summary>Options for a relay on <paramref name="buffer"/> forwarding to <paramref name="forwardTo"/>, with free
    /// ports for HTTP and plaintext (and for a forward listener, when <paramref name="forwardListen"/>).</summary>
    public static RelayOptions Plan(string buffer, IReadOnlyList<string> forwardTo, bool plaintext = true, bool forwardListen = false) =>
        new(buffer, forwardTo, FreePort(), plaintext ? FreePort() : null, forwardListen ? FreePort() : null);

    public static async Task<RelayProcess> StartAsync(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "mine.dll"), "relay", "--buffer", options.Buffer, "--http", $"127.0.0.1:{options.HttpPort}",
            "--plaintext", options.PlaintextPort is { } plaintext ? $"127.0.0.1:{plaintext}" : "off", "--pickle", "off", "--collectd", "off",
            "--forward-listen", options.ForwardListenPort is { } listen ? $"127.0.0.1:{listen}" : "off",
        };
        foreach (var destination in options.ForwardTo)
        {
            args.Add("--forward-to");
            args.Add(destination);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MINE__SELFMETRICSINTERVALSECONDS"] = "0";
        foreach (var (key, value) in options.Settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var relay = new RelayProcess(process, options);
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            try
            {
                // /health/live: the listeners are up and no loop is dead (/health also reports an unreachable
                // destination, which is what several tests start with).
                if ((await relay.Http.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return relay;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || Environment.TickCount64 > deadline)
            {
                relay.Dispose();
                throw new InvalidOperationException($"mine relay did not start:\n{relay.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A <c>mine serve</c> that accepts relays on <paramref name="forwardListenPort"/>, self-metrics off (so
    /// mine_points_ingested_total counts only forwarded points).</summary>
    public static Task<MineProcess> StartCentreAsync(string data, int forwardListenPort, int? httpPort = null, int? plaintextPort = null) =>
        MineProcess.StartAsync(data, httpPort, plaintextPort, settings: new Dictionary<string, string>
        {
            ["MINE__FORWARDLISTEN"] = $"127.0.0.1:{forwardListenPort}",
            ["MINE__SELFMETRICSINTERVALSECONDS"] = "0",
        });

    /// <summary>The sum of every sample of a metric family (one per destination, say), or 0 when it has none.</summary>
    public async Task<double> MetricAsync(string family) => Sum(await Http.GetStringAsync("/_internal/metrics"), family);

    /// <summary>The sum of every sample of <paramref name="family"/> in a Prometheus text page.</summary>
    public static double Sum(string page, string family)
    {
        ArgumentNullException.ThrowIfNull(page);
        double sum = 0;
        foreach (var line in page.Split('\n'))
        {
            if (line.StartsWith(family, StringComparison.Ordinal) && line.Length > family.Length && line[family.Length] is ' ' or '{')
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>Waits until a metric family reaches <paramref name="value"/> (or falls to it, with <paramref name="below"/>).</summary>
    public async Task WaitForMetricAsync(string family, double value, bool below = false, int timeoutMs = 60_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var current = await MetricAsync(family);
            if (below ? current <= value : current >= value)
            {
                return;
            }

            Assert.True(Environment.TickCount64 < deadline, $"{family} stayed at {current}, waiting for {(below ? "at most" : "at least")} {value}\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is sealed or flushed.</summary>
    public void Kill9()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Kills the process if it still runs; a second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Kill9();
        }

        Http.Dispose();
        _process.Dispose();
    }

    /// <summary>A loopback port free now (the probe's socket is closed before it returns).</summary>
    public static int FreePort()
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

/// <summary>How a <see cref="RelayProcess"/> is started: its buffer folder, destinations and loopback ports.</summary>
/// <param name="Buffer">The --buffer folder.</param>
/// <param name="ForwardTo">The --forward-to destinations, HOST:PORT.</param>
/// <param name="HttpPort">The --http port.</param>
/// <param name="PlaintextPort">The --plaintext port (TCP and UDP), or null for off.</param>
/// <param name="ForwardListenPort">The --forward-listen port (a relay other relays forward to), or null for off.</param>
/// <param name="Settings">Environment settings, e.g. <c>MINE__RELAY__FLUSHINTERVALSECONDS</c>.</param>
internal sealed record RelayOptions(string Buffer, IReadOnlyList<string> ForwardTo, int HttpPort, int? PlaintextPort, int? ForwardListenPort,
    IReadOnlyDictionary<string, string>? Settings = null);

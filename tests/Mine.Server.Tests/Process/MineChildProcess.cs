using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mine.Server.Tests.Process;

/// <summary>
/// What <see cref="MineProcess"/> (<c>mine serve</c>), <see cref="RelayProcess"/> and the relay tests' launcher
/// (<c>mine relay</c>) share: the real <c>mine</c> executable in its own process, its output captured, an HTTP client
/// on its loopback port, its self-metrics read, stopped with SIGTERM or SIGKILL. Killed when disposed.
/// </summary>
internal abstract class MineChildProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    /// <summary>Starts <paramref name="start"/> and captures what it writes.</summary>
    protected MineChildProcess(ProcessStartInfo start, int httpPort, TimeSpan httpTimeout)
    {
        ArgumentNullException.ThrowIfNull(start);
        _process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = httpTimeout };
        Admin = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = httpTimeout };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The path of the <c>mine</c> the tests run (built beside them).</summary>
    public static string MineDll => Path.Combine(AppContext.BaseDirectory, "mine.dll");

    public int HttpPort { get; }

    public HttpClient Http { get; }

    /// <summary>A client for writes: <c>mine serve</c>'s harness gives it the admin token once the server made it.</summary>
    public HttpClient Admin { get; }

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

    protected int ProcessId => _process.Id;

    /// <summary>How often <see cref="WaitForMetricAsync"/> reads the metrics.</summary>
    protected virtual TimeSpan MetricPollInterval => TimeSpan.FromMilliseconds(100);

    /// <summary><c>dotnet mine.dll ARGUMENTS</c> with its output redirected, <paramref name="settings"/> in its
    /// environment and Information logging (ASP.NET Core's at Warning, Mine's default).</summary>
    /// <param name="arguments">The arguments after mine.dll: the command and its flags.</param>
    /// <param name="settings">Environment settings, e.g. <c>MINE__MAXCONNECTIONS</c>.</param>
    /// <param name="openFilesLimit">Runs it under <c>ulimit -n</c> this low (through bash).</param>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>>? settings = null, int? openFilesLimit = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
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

        start.ArgumentList.Add(MineDll);
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings ?? [])
        {
            start.Environment[key] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";
        return start;
    }

    /// <summary><paramref name="settings"/> with the process's own metrics off
    /// (<c>MINE__SELFMETRICSINTERVALSECONDS=0</c>) unless they turn them on, so that the points it handles are exactly
    /// the ones a test sent.</summary>
    protected static Dictionary<string, string> SelfMetricsOff(IEnumerable<KeyValuePair<string, string>>? settings)
    {
        var environment = new Dictionary<string, string> { ["MINE__SELFMETRICSINTERVALSECONDS"] = "0" };
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Polls <paramref name="path"/> until it answers with success, for up to a minute; if the process ends or
    /// the minute passes, kills it and throws with <paramref name="failure"/> and its output.</summary>
    protected async Task WaitUntilHealthyAsync(string path, string failure)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            try
            {
                if ((await Http.GetAsync(path)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited || Environment.TickCount64 > deadline)
            {
                Dispose();
                throw new InvalidOperationException($"{failure}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The value of one metric sample, read from /_internal/metrics.</summary>
    public virtual async Task<double> MetricAsync(string name) => Metric(await Http.GetStringAsync("/_internal/metrics"), name);

    /// <summary>The value of one sample (<c>name</c> or <c>name{label="value"}</c>) in a Prometheus text page.</summary>
    public static double Metric(string page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var line = page.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no metric {name}");
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
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
            await Task.Delay(MetricPollInterval);
        }
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
        Admin.Dispose();
        _process.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A loopback port free now and below the ephemeral range, so no client connection takes it before the
    /// server binds it (<see cref="Mine.TestKit.Network.FreeTcpPorts"/>).</summary>
    public static int FreePort() => Mine.TestKit.Network.FreeTcpPorts.Take(1)[0];

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

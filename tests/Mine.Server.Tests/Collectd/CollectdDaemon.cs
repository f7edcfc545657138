using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mine.Server.Tests.Collectd;

/// <summary>
/// The real collectd daemon (Debian's collectd-core) with its own config on 127.0.0.1: its network plugin sends to
/// Mine, and its own write_graphite plugin writes the same values to a TCP port this class captures, so a test can
/// compare what Mine stored with what collectd itself would have sent to Graphite.
/// </summary>
internal sealed class CollectdDaemon : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/collectd";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-collectd-" + Guid.NewGuid().ToString("N"));
    private readonly TcpListener _capture = new(IPAddress.Loopback, 0);
    private readonly StringBuilder _captured = new();
    private readonly CancellationTokenSource _stop = new();
    private System.Diagnostics.Process? _process;
    private Task? _captureTask;
    private bool _disposed;

    /// <summary>Fails with a clear message when the daemon is missing (only reached in CI: see CollectdFactAttribute).</summary>
    public static void EnsureAvailable()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: .ci/run must install collectd-core.");
        }
    }

    public string CapturedText
    {
        get
        {
            lock (_captured)
            {
                return _captured.ToString();
            }
        }
    }

    public string Log => _disposed ? "(collectd's folder is deleted)" : File.Exists(Path.Combine(_directory, "collectd.log")) ? File.ReadAllText(Path.Combine(_directory, "collectd.log")) : "";

    /// <summary>Starts collectd sending to <paramref name="minePort"/> with the given network security settings.</summary>
    public void Start(int minePort, string securityLevel = "None", string? username = null, string? password = null)
    {
        Directory.CreateDirectory(_directory);
        _capture.Start();
        var capturePort = ((IPEndPoint)_capture.LocalEndpoint).Port;
        _captureTask = CaptureAsync();
        var security = securityLevel == "None" ? "" : $"    SecurityLevel {securityLevel}\n    Username \"{username}\"\n    Password \"{password}\"\n";
        var config = $"""
            Hostname "test-host"
            FQDNLookup false
            Interval 1
            BaseDir "{_directory}"
            PIDFile "{_directory}/collectd.pid"
            TypesDB "/usr/share/collectd/types.db"
            LoadPlugin logfile
            <Plugin logfile>
              LogLevel info
              File "{_directory}/collectd.log"
            </Plugin>
            LoadPlugin load
            LoadPlugin cpu
            LoadPlugin memory
            LoadPlugin interface
            LoadPlugin network
            LoadPlugin write_graphite
            <Plugin network>
              <Server "127.0.0.1" "{minePort.ToString(CultureInfo.InvariantCulture)}">
            {security}  </Server>
            </Plugin>
            <Plugin write_graphite>
              <Node "capture">
                Host "127.0.0.1"
                Port "{capturePort.ToString(CultureInfo.InvariantCulture)}"
                Protocol "tcp"
              </Node>
            </Plugin>
            """;
        var configPath = Path.Combine(_directory, "collectd.conf");
        File.WriteAllText(configPath, config + "\n"); // collectd needs the last line terminated
        _process = System.Diagnostics.Process.Start(new ProcessStartInfo(Binary) { ArgumentList = { "-f", "-C", configPath }, RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("collectd did not start");
    }

    /// <summary>The write_graphite lines captured so far, as (name, timestamp) → value, without collectd's "nan" first rates.</summary>
    public Dictionary<(string Name, long Time), double> CapturedPoints()
    {
        var points = new Dictionary<(string, long), double>();
        foreach (var line in CapturedText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.TrimEnd('\r').Split(' ');
            if (fields.Length == 3 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value))
            {
                points[(fields[0], long.Parse(fields[2], CultureInfo.InvariantCulture))] = value;
            }
        }

        return points;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        await _stop.CancelAsync();
        _capture.Stop();
        if (_captureTask is not null)
        {
            await _captureTask.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task CaptureAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _capture.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lock (_captured)
                {
                    _captured.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
            }
        }
    }
}

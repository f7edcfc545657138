using System.Diagnostics;
using System.Globalization;

namespace Mine.Ui.Tests.Browser;

/// <summary>The real collectd daemon (Debian's collectd-core) reporting one host to Mine over the network plugin.</summary>
internal sealed class CollectdAgent : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-ui-collectd-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public string Log => File.Exists(Path.Combine(_directory, "collectd.log")) ? File.ReadAllText(Path.Combine(_directory, "collectd.log")) : "";

    public void Start(string hostname, int minePort)
    {
        if (!File.Exists(Requirements.Collectd))
        {
            throw new InvalidOperationException($"{Requirements.Collectd} is missing: .ci/run must install collectd-core.");
        }

        Directory.CreateDirectory(_directory);
        var config = $"""
            Hostname "{hostname}"
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
            <Plugin network>
              <Server "127.0.0.1" "{minePort.ToString(CultureInfo.InvariantCulture)}">
              </Server>
            </Plugin>
            """;
        var path = Path.Combine(_directory, "collectd.conf");
        File.WriteAllText(path, config + "\n");
        _process = Process.Start(new ProcessStartInfo(Requirements.Collectd) { ArgumentList = { "-f", "-C", path }, RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("collectd did not start");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

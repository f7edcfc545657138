using System.Diagnostics;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Packaging;

/// <summary>
/// The installed <c>mine</c> started the way systemd would start the unit where no systemd runs: the unit's
/// ExecStart as its User, from its WorkingDirectory, with the environment systemd gives a service (HOME, USER, a
/// plain PATH and nothing else, so no .NET or Node.js is found), the listeners moved to free loopback ports by
/// MINE__ variables.
/// </summary>
internal sealed class PackagedMine : MineChildProcess
{
    private PackagedMine(ProcessStartInfo start, int httpPort, int plaintextPort)
        : base(start, httpPort, TimeSpan.FromSeconds(60)) => PlaintextPort = plaintextPort;

    public int PlaintextPort { get; }

    public static async Task<PackagedMine> StartAsync(SystemdUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var http = FreePort();
        var plaintext = FreePort();
        // setpriv execs the command (no process in between), so SIGTERM and the exit code are Mine's own.
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            WorkingDirectory = unit.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--reuid={unit.User}", $"--regid={unit.User}", "--init-groups", "--" }.Concat(unit.ExecStart))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = unit.WorkingDirectory;
        start.Environment["USER"] = unit.User;
        start.Environment["LOGNAME"] = unit.User;
        start.Environment["MINE__HTTP"] = $"127.0.0.1:{http}";
        start.Environment["MINE__PLAINTEXT"] = $"127.0.0.1:{plaintext}";
        start.Environment["MINE__PICKLE"] = "off";
        start.Environment["MINE__COLLECTD"] = "off";
        var mine = new PackagedMine(start, http, plaintext);
        await mine.WaitUntilHealthyAsync("/health", "the installed mine did not become healthy");
        return mine;
    }
}

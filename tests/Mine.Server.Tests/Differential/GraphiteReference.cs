using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mine.Server.Tests.Differential;

/// <summary>
/// The real graphite-web 1.1.8 (Debian's packages) under gunicorn on loopback, started and stopped by
/// graphite-reference.sh in a temporary folder whose whisper directory the data set is written into.
/// </summary>
internal sealed class GraphiteReference : IAsyncDisposable
{
    private static readonly (string Path, string Package)[] Required =
    [
        ("/usr/lib/python3/dist-packages/graphite/render/functions.py", "graphite-web"),
        ("/usr/bin/carbon-cache", "graphite-carbon"),
        ("/usr/lib/python3/dist-packages/whisper.py", "python3-whisper"),
        ("/usr/bin/gunicorn", "gunicorn"),
        ("/usr/bin/python3", "python3"),
    ];

    private readonly string _script;
    private bool _started;

    public GraphiteReference(string sourceDirectory, string directory)
    {
        _script = Path.Combine(sourceDirectory, "graphite-reference.sh");
        Directory = directory;
        WhisperDirectory = Path.Combine(directory, "whisper");
    }

    public string Directory { get; }

    public string WhisperDirectory { get; }

    public HttpClient? Http { get; private set; }

    /// <summary>carbon-cache's plaintext port once started; its pickle port is the next one, its cache query port the one after.</summary>
    public int CarbonPort { get; private set; }

    /// <summary>The packages that are not installed, or null when everything is there.</summary>
    public static string? MissingPackages()
    {
        var missing = Required.Where(r => !File.Exists(r.Path)).Select(r => r.Package).ToList();
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    /// <summary>Starts carbon and graphite-web; <paramref name="extraSettings"/> are Python lines added to its settings.</summary>
    public async Task StartAsync(string schemasFile, string aggregationFile, string? extraSettings = null)
    {
        var carbonPort = FreePorts(3);
        var webPort = FreePorts(1);
        _started = true;
        List<string> arguments = [_script, "start", Directory, carbonPort.ToString(), webPort.ToString(), schemasFile, aggregationFile, Environment.ProcessId.ToString()];
        if (extraSettings is not null)
        {
            System.IO.Directory.CreateDirectory(Directory);
            var settingsFile = Path.Combine(Directory, "extra_settings.py");
            await File.WriteAllTextAsync(settingsFile, extraSettings);
            arguments.Add(settingsFile);
        }

        var (code, output) = await RunAsync("/bin/bash", arguments, TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            throw new InvalidOperationException($"graphite-reference.sh start failed ({code}):\n{output}");
        }

        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}"), Timeout = TimeSpan.FromSeconds(60) };
        CarbonPort = carbonPort;
    }

    /// <summary>The end of graphite-web's exception log (empty when there is none), for failure messages.</summary>
    public string ExceptionLogTail(int lines = 30)
    {
        var log = Path.Combine(Directory, "log", "exception.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(lines)) : "";
    }

    /// <summary>graphite-web's render function names (SeriesFunctions), read from its own code.</summary>
    public async Task<List<string>> FunctionNamesAsync()
    {
        var (code, output) = await RunAsync("/bin/bash", [_script, "functions", Directory], TimeSpan.FromMinutes(1));
        return code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList() : throw new InvalidOperationException($"graphite-reference.sh functions failed ({code}):\n{output}");
    }

    /// <summary>Runs a program, returning its exit code and its stdout and stderr together.</summary>
    /// <remarks>
    /// The output goes through a file, not a pipe: the daemons graphite-reference.sh leaves running would
    /// otherwise inherit the pipe and keep it open, and reading it to the end would never finish.
    /// </remarks>
    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var outputFile = Path.GetTempFileName();
        var start = new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", "out=$1; shift; exec \"$@\" > \"$out\" 2>&1 < /dev/null", "run", outputFile, program } };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}");
            }

            return (process.ExitCode, await File.ReadAllTextAsync(outputFile));
        }
        finally
        {
            File.Delete(outputFile);
        }
    }

    /// <summary>A port such that it and the next count-1 ports are free on loopback (carbon takes three in a row).</summary>
    private static int FreePorts(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (port + count > 65535)
            {
                continue;
            }

            var free = true;
            for (var p = port + 1; p < port + count && free; p++)
            {
                try
                {
                    using var other = new TcpListener(IPAddress.Loopback, p);
                    other.Start();
                    other.Stop();
                }
                catch (SocketException)
                {
                    free = false;
                }
            }

            if (free)
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback ports");
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_started)
        {
            await RunAsync("/bin/bash", [_script, "stop", Directory], TimeSpan.FromSeconds(30));
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;

namespace Mine.TestKit.ClickHouse;

/// <summary>
/// A real ClickHouse server (Debian's <c>clickhouse-server</c>, 18.16) for one test: a child process with its own
/// ports on 127.0.0.1 and its own configuration, data and logs in a temporary folder, which disposing kills and
/// removes. Queries go over its HTTP interface.
/// </summary>
public sealed class ClickHouseServer : IAsyncDisposable, IDisposable
{
    public const string Program = "/usr/sbin/clickhouse-server";
    private const int LogLinesInMessages = 40;

    private readonly ClickHouseServerOptions _options;
    private readonly string _configFile;
    private readonly HttpClient _http;
    private ChildProcess? _process;
    private bool _disposed;

    private ClickHouseServer(ClickHouseServerOptions options, string folder, ClickHousePorts ports, string configFile)
    {
        _options = options;
        Folder = folder;
        Ports = ports;
        _configFile = configFile;
        HttpUrl = new Uri($"http://127.0.0.1:{ports.Http}/");
        // Idle connections are dropped before ClickHouse's own keep_alive_timeout (3 s) closes them, so a query is
        // never sent on a connection the server is closing. Deadlines come from each call, not from the client.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = HttpUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>True when Debian's clickhouse-server and its packaged config are installed.</summary>
    public static bool IsInstalled =>
        File.Exists(Program) && File.Exists(Path.Combine(ClickHouseConfig.PackagedFolder, "config.xml"));

    public string Name => _options.Name;

    public ClickHousePorts Ports { get; }

    /// <summary>The HTTP interface: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri HttpUrl { get; }

    /// <summary>The temporary folder: config.xml, users.xml, config.d/, data/, tmp/, user_files/,
    /// format_schemas/ and logs/.</summary>
    public string Folder { get; }

    /// <summary>The server's own log (level information); logs/console.log holds what it printed.</summary>
    public string LogFile => ClickHouseConfig.LogFile(Folder);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server and waits until <c>GET /ping</c> answers (within
    /// <see cref="ClickHouseServerOptions.StartTimeout"/>); on failure the exception carries the end of its log and
    /// nothing is left running or on disk.</summary>
    public static async Task<ClickHouseServer> StartAsync(ClickHouseServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ClickHouseServerOptions();
        var folder = TempFolders.Create($"mine-clickhouse-{options.Name}");
        ClickHouseServer? server = null;
        try
        {
            var ports = options.Ports ?? ClickHousePorts.PickFree();
            var configFile = ClickHouseConfig.Write(folder, options, ports);
            server = new ClickHouseServer(options, folder, ports, configFile);
            await server.StartProcessAsync(cancellationToken);
            return server;
        }
        catch
        {
            if (server is null)
            {
                TempFolders.Delete(folder);
            }
            else
            {
                server.Dispose();
            }

            throw;
        }
    }

    /// <summary>Runs one statement (POSTed as the body, so an INSERT's data may follow its first line) and returns
    /// ClickHouse's answer as text.</summary>
    /// <exception cref="ClickHouseQueryException">ClickHouse answered with an error (its text is in the message).</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="ClickHouseServerOptions.QueryTimeout"/>.</exception>
    public Task<string> QueryAsync(string sql, CancellationToken cancellationToken = default) =>
        QueryAsync(sql, new Dictionary<string, string>(), cancellationToken);

    /// <summary>As <see cref="QueryAsync(string, CancellationToken)"/>, with settings given in the URL
    /// (<c>insert_distributed_sync=1</c>): over HTTP a SET lasts for one request only.</summary>
    public async Task<string> QueryAsync(string sql, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken = default)
    {
        var query = string.Join('&', settings.Select(setting => $"{Uri.EscapeDataString(setting.Key)}={Uri.EscapeDataString(setting.Value)}"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.QueryTimeout);
        try
        {
            using var content = new StringContent(sql, Encoding.UTF8, "text/plain");
            using var response = await _http.PostAsync(new Uri(query.Length == 0 ? "" : "?" + query, UriKind.Relative), content, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return response.StatusCode == HttpStatusCode.OK
                ? body
                : throw new ClickHouseQueryException(Name, sql, response.StatusCode, body);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not answer within {_options.QueryTimeout.TotalSeconds} s: {sql.Split('\n', 2)[0]}", e);
        }
    }

    /// <summary>Runs <paramref name="sql"/> until its answer (trimmed) is <paramref name="expected"/>, for state
    /// that arrives later (a replica catching up); throws with the last answer or error and the end of the server's
    /// log after <paramref name="timeout"/>.</summary>
    public async Task WaitForAnswerAsync(string sql, string expected, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string last;
            try
            {
                last = (await QueryAsync(sql, cancellationToken)).Trim();
                if (last == expected)
                {
                    return;
                }
            }
            catch (Exception e) when (e is ClickHouseQueryException or HttpRequestException or TimeoutException)
            {
                last = e.Message;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not answer '{expected}' within {timeout.TotalSeconds} s to {sql}; last answer: {last}\n{Tail()}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>SIGKILL, as a crash or a power cut would stop it; waits until it is gone.</summary>
    public void Kill() => _process?.Dispose();

    /// <summary>Starts the server again after <see cref="Kill"/>, with the same folder, data and ports, and waits
    /// for <c>/ping</c>.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is still running");
        }

        _process?.Dispose();
        await StartProcessAsync(cancellationToken);
    }

    /// <summary>The last lines of the server's log, or of what it printed when it had no log yet.</summary>
    public IReadOnlyList<string> LastLogLines(int count = LogLinesInMessages)
    {
        try
        {
            if (File.Exists(LogFile))
            {
                var lines = File.ReadLines(LogFile).TakeLast(count).ToList();
                if (lines.Count > 0)
                {
                    return lines;
                }
            }
        }
        catch (IOException)
        {
            // Fall back to the console output below.
        }

        return _process?.LastLines().TakeLast(count).ToList() ?? [];
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _process?.Dispose();
        }
        finally
        {
            _http.Dispose();
            TempFolders.Delete(Folder);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(Folder, "logs"));
        _process = ChildProcess.Start(Program, [$"--config-file={_configFile}"], Folder, Path.Combine(Folder, "logs", "console.log"));
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} {_process.State()} before /ping answered:\n{Tail()}");
            }

            try
            {
                using var ping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                ping.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await _http.GetAsync(new Uri("ping", UriKind.Relative), ping.Token);
                var body = await response.Content.ReadAsStringAsync(ping.Token);
                if (response.StatusCode == HttpStatusCode.OK && body.Trim() == "Ok.")
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {body.Trim()}";
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }

            if (clock.Elapsed > _options.StartTimeout)
            {
                throw new TimeoutException($"{Name}'s /ping on port {Ports.Http} did not answer Ok. within {_options.StartTimeout.TotalSeconds} s ({last}):\n{Tail()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private string Tail() => string.Join('\n', LastLogLines());
}

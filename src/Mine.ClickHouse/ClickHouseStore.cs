using Mine.ClickHouse.Backlog;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Reading;
using Mine.ClickHouse.Rows;
using Mine.ClickHouse.Schema;
using Mine.ClickHouse.Writing;
using Mine.Core.Health;
using Mine.Core.Ports;

namespace Mine.ClickHouse;

/// <summary>
/// Storage in ClickHouse behind the same ports as the embedded engine (docs/clickhouse.md): points go to a local
/// backlog before a write returns and a sender inserts them; names live in memory, read from ClickHouse's index at
/// start and refreshed; reads query the points table and answer as the embedded engine does. Several nodes may share
/// the tables. Two loops run: the sender and the names refresh, each beating its <see cref="LoopHealth"/>.
/// </summary>
public sealed partial class ClickHouseStore : IPointSink, ISeriesIndex, ISeriesReader, ITagDatabase, IStorageMaintenance, IStorageStatus, IHistoryImport, IDisposable
{
    private readonly ClickHouseStoreOptions _options;
    private readonly ClickHouseClient _client;
    private readonly ClickHouseBacklog _backlog;
    private readonly ClickHousePointWriter _writer;
    private readonly ClickHouseNames _names = new();
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly LoopHealth _senderHealth = new("clickhouse-sender", TimeSpan.FromSeconds(60));
    private readonly LoopHealth _namesHealth = new("clickhouse-names", TimeSpan.FromMinutes(5));
    private Task _loops = Task.CompletedTask;
    private bool _connected;
    private int _disposed;
    private string? _namesProblem;

    private ClickHouseStore(ClickHouseStoreOptions options)
    {
        // The tables live in the URL's database.
        options = options with { Tables = options.Tables with { Database = options.Endpoint.Database } };
        _options = options;
        _log = options.Log ?? (_ => { });
        _client = new ClickHouseClient(options.Endpoint, options.RequestTimeout);
        _backlog = new ClickHouseBacklog(Path.Combine(options.DataDirectory, "clickhouse-wal"), _client, options.Tables, options.Backlog, _log);
        _writer = new ClickHousePointWriter(_backlog, options.Schemas, options.Time, options.FutureToleranceSeconds)
        {
            SeriesCreated = name => _names.Add(name),
        };
        _backlog.Sent = segment =>
        {
            var now = options.Time.GetUtcNow().ToUnixTimeSeconds();
            _writer.Recent.Sent(segment, now);
            _writer.Recent.Prune(now, RecentGraceSeconds);
            SaveVersion();
        };
        _versionFile = Path.Combine(options.DataDirectory, "clickhouse-version");
        if (File.Exists(_versionFile) && long.TryParse(File.ReadAllText(_versionFile).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var saved))
        {
            _writer.VersionFloor = saved + 1; // later than every point the last run wrote, even within its last second
        }
    }

    private readonly string _versionFile;
    private long _savedVersion;

    /// <summary>Keeps the last version given on disk, for the next start (written when it changed).</summary>
    private void SaveVersion()
    {
        var version = _writer.LastVersion;
        if (version == Interlocked.Read(ref _savedVersion))
        {
            return;
        }

        try
        {
            File.WriteAllText(_versionFile + ".tmp", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            File.Move(_versionFile + ".tmp", _versionFile, overwrite: true);
            Interlocked.Exchange(ref _savedVersion, version);
        }
        catch (IOException ex)
        {
            _log($"cannot save {_versionFile} ({ex.Message}); a restart within the same second may lose a rewrite of a slot to the earlier value");
        }
    }

    /// <summary>How long inserted points stay in memory: a Distributed table forwards inserts in the background.</summary>
    private const long RecentGraceSeconds = 10;

    /// <summary>
    /// Opens the store: creates the missing tables (when asked), reads every name from the index, then starts the
    /// sender (which first sends what an earlier run left in the backlog) and the names refresh.
    /// </summary>
    /// <exception cref="ClickHouseException">ClickHouse cannot be reached or refuses the tables: a node that cannot
    /// read its names cannot answer find, so it does not start half-blind.</exception>
    public static async Task<ClickHouseStore> OpenAsync(ClickHouseStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tables.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var store = new ClickHouseStore(options);
        try
        {
            store.ReplayBacklog();
            try
            {
                await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ClickHouseException ex) when (ex.Retryable)
            {
                // ClickHouse is down at the start: the node still accepts points into its backlog, and the names loop
                // connects when ClickHouse answers.
                store.NamesFailed($"ClickHouse is not reachable at the start ({ex.Message}); points are kept in the backlog, and series stored before are not found until it answers");
            }

            store._loops = Task.WhenAll(
                Task.Run(() => store.RunSupervisedAsync(store._senderHealth, beat => store._backlog.RunAsync(beat, store._stopping.Token)), CancellationToken.None),
                Task.Run(() => store.RunSupervisedAsync(store._namesHealth, store.RefreshLoopAsync), CancellationToken.None)); // the loops live as long as the store
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Creates the missing tables (when asked) and reads every name: what a start needs from ClickHouse.</summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_options.CreateTables)
        {
            foreach (var statement in ClickHouseSchema.SingleServer(_options.Tables))
            {
                await _client.QueryOutsideDatabaseAsync(statement, cancellationToken).ConfigureAwait(false);
            }
        }

        await RefreshNamesAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _connected, true);
    }

    private void NamesFailed(string problem)
    {
        _namesHealth.Failed(problem);
        Volatile.Write(ref _namesProblem, problem);
        _log(problem);
    }

    /// <summary>Stops the loops and closes the backlog (what is unsent stays on disk for the next start); twice is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            _loops.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // the loops log their own failures
        }

        SaveVersion();
        _backlog.Dispose();
        _client.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Runs a loop for the store's life: an unexpected failure is logged, shown on its health, and the loop
    /// starts again a second later, so the node never goes quietly blind.</summary>
    private async Task RunSupervisedAsync(LoopHealth health, Func<Action, Task> loop)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                health.Beat();
                await loop(health.Beat).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _log($"{health.Name} failed and starts again in 1 s: {ex}");
                health.Restarted(ex.Message);
                try
                {
                    await Task.Delay(1000, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        health.Stopped();
    }

    private async Task RefreshLoopAsync(Action beat)
    {
        while (!_stopping.IsCancellationRequested)
        {
            // Not connected yet (ClickHouse was down at the start): try again every 5 s.
            var interval = Volatile.Read(ref _connected) ? _options.NamesRefresh : TimeSpan.FromSeconds(5);
            var waited = TimeSpan.Zero;
            while (waited < interval && !_stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token).ConfigureAwait(false);
                waited += TimeSpan.FromSeconds(1);
                beat();
            }

            try
            {
                if (Volatile.Read(ref _connected))
                {
                    await RefreshNamesAsync(_stopping.Token).ConfigureAwait(false);
                }
                else
                {
                    await ConnectAsync(_stopping.Token).ConfigureAwait(false);
                    _log("ClickHouse answers again: series names read");
                }

                if (Volatile.Read(ref _namesProblem) is not null)
                {
                    _namesHealth.Succeeded();
                    Volatile.Write(ref _namesProblem, null);
                }
            }
            catch (ClickHouseException ex)
            {
                var problem = $"reading series names from ClickHouse fails ({ex.Message}); series other nodes create are not found here until it works again";
                _namesHealth.Failed(problem);
                Volatile.Write(ref _namesProblem, problem);
            }
        }
    }

    /// <summary>Shows what an earlier run left unsent: its series are found and its points read at once.</summary>
    private void ReplayBacklog()
    {
        BacklogReplay.Read(_backlog.Directory, path =>
        {
            var name = SeriesRows.GraphiteName(path);
            if (name.Contains(';', StringComparison.Ordinal))
            {
                try
                {
                    name = Storage.Index.TaggedSeriesName.Canonicalize(name);
                }
                catch (Core.Errors.MineUserException)
                {
                    return;
                }
            }

            if (_names.Add(name) >= 0)
            {
                _writer.Known(name);
            }
        }, _writer.Recent.Add, _log);
    }

    private async Task RefreshNamesAsync(CancellationToken cancellationToken)
    {
        foreach (var name in await _names.RefreshAsync(_client, _options.Tables, cancellationToken).ConfigureAwait(false))
        {
            _writer.Known(name);
        }
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Mine.Server.Tests.Differential;

/// <summary>
/// The two servers of the differential test with the same data: make_dataset.py writes whisper files for the real
/// graphite-web and plaintext lines for Mine (in-process), tagged series are registered in graphite-web's tag
/// database, and the same events are posted to both. Started once, lazily, by the first test that needs it.
/// </summary>
public sealed class DifferentialEnvironment : IAsyncLifetime, IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mine-differential-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<Task<Servers>> _servers;
    private readonly Lazy<Task<FrontEnds>> _frontEnds;
    private GraphiteReference? _graphite;
    private GraphiteReference? _pickleFront;
    private GraphiteReference? _msgpackFront;
    private MineTestServer? _mine;
    private bool _disposed;

    public DifferentialEnvironment()
    {
        _servers = new Lazy<Task<Servers>>(StartAsync);
        _frontEnds = new Lazy<Task<FrontEnds>>(StartFrontEndsAsync);
    }

    /// <summary>The folder of this file, which holds the corpus, the scripts and the configuration files.</summary>
    public static string SourceDirectory { get; } = FindSourceDirectory();

    /// <summary>Both servers, started on first use; a failed start fails every test that asks.</summary>
    internal Task<Servers> GetAsync() => _servers.Value;

    /// <summary>
    /// Two more graphite-web instances with no data of their own and Mine as their only cluster server, one asking
    /// in pickle (graphite-web's default), one in msgpack; started on first use.
    /// </summary>
    internal Task<FrontEnds> GetFrontEndsAsync() => _frontEnds.Value;

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes class fixtures through IAsyncLifetime; IAsyncDisposable is for everyone else.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_mine is not null)
        {
            await _mine.DisposeAsync();
        }

        foreach (var graphite in new[] { _graphite, _pickleFront, _msgpackFront })
        {
            if (graphite is not null)
            {
                await graphite.DisposeAsync();
            }
        }

        if (Environment.GetEnvironmentVariable("MINE_DIFFERENTIAL_KEEP") != "1")
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<Servers> StartAsync()
    {
        if (GraphiteReference.MissingPackages() is { } missing && Environment.GetEnvironmentVariable("CI") == "true")
        {
            // graphite-reference.sh installs them (CI runs as root); say why if that fails.
            Console.Error.WriteLine($"differential: {missing} missing; graphite-reference.sh installs them");
        }

        Directory.CreateDirectory(_root);
        var schemas = Path.Combine(SourceDirectory, "storage-schemas.conf");
        var aggregation = Path.Combine(SourceDirectory, "storage-aggregation.conf");
        _graphite = new GraphiteReference(SourceDirectory, Path.Combine(_root, "graphite"));
        var graphiteStart = _graphite.StartAsync(schemas, aggregation);

        // The data ends at the last whole hour: whisper only keeps points inside its retention counted from now,
        // and refuses points in the future.
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600;
        var plaintext = Path.Combine(_root, "mine.txt");
        var tagged = Path.Combine(_root, "tagged.txt");
        var events = Path.Combine(_root, "events.json");
        await graphiteStart;
        var (code, output) = await GraphiteReference.RunAsync("/usr/bin/python3",
            [Path.Combine(SourceDirectory, "make_dataset.py"), "--end", end.ToString(CultureInfo.InvariantCulture), "--whisper", _graphite.WhisperDirectory,
             "--plaintext", plaintext, "--tagged", tagged, "--events", events], TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"make_dataset.py failed ({code}):\n{output}");
        }

        using var summary = JsonDocument.Parse(output);
        var start = summary.RootElement.GetProperty("start").GetInt64();
        var points = summary.RootElement.GetProperty("points").GetInt64();
        var graphite = _graphite.Http!;

        using (var form = new FormUrlEncodedContent(File.ReadAllLines(tagged).Select(name => new KeyValuePair<string, string>("path", name))))
        {
            (await graphite.PostAsync("/tags/tagMultiSeries", form)).EnsureSuccessStatusCode();
        }

        _mine = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:Schemas"] = schemas,
            ["Mine:Aggregation"] = aggregation,
            ["Mine:Collectd"] = "off",
        });
        await _mine.SendPlaintextAsync(await File.ReadAllTextAsync(plaintext));
        await _mine.WaitForMetricAsync("mine_points_ingested_total", points, timeoutMs: 60000);
        // Read back from the store's blocks, as long-running data is, not only from the write buffer.
        (await _mine.Admin.PostAsync("/_internal/flush", null)).EnsureSuccessStatusCode();

        foreach (var ev in JsonDocument.Parse(await File.ReadAllTextAsync(events)).RootElement.EnumerateArray())
        {
            var body = ev.GetRawText();
            (await graphite.PostAsync("/events/", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await _mine.Admin.PostAsync("/events", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        return new Servers(_graphite, graphite, _mine.Http, start, end, _root);
    }

    private async Task<FrontEnds> StartFrontEndsAsync()
    {
        var servers = await GetAsync();
        var mine = servers.Mine.BaseAddress!.Authority;
        var schemas = Path.Combine(SourceDirectory, "storage-schemas.conf");
        var aggregation = Path.Combine(SourceDirectory, "storage-aggregation.conf");
        _pickleFront = new GraphiteReference(SourceDirectory, Path.Combine(_root, "front-pickle"));
        _msgpackFront = new GraphiteReference(SourceDirectory, Path.Combine(_root, "front-msgpack"));
        await Task.WhenAll(
            _pickleFront.StartAsync(schemas, aggregation, $"CLUSTER_SERVERS = ['{mine}']\n"),
            _msgpackFront.StartAsync(schemas, aggregation,
                // graphite-web 1.1.8's bundled umsgpack (python3-msgpack is not installed; its 1.0 refuses the
                // encoding= graphite-web passes) calls collections.Hashable, gone since Python 3.10: without the
                // alias no graphite-web 1.1.8 on Debian 12 reads any msgpack answer, Mine's or graphite-web's own.
                "import collections, collections.abc\ncollections.Hashable = collections.abc.Hashable\n"
                + $"CLUSTER_SERVERS = ['{mine}?format=msgpack']\n"));
        return new FrontEnds(_pickleFront, _msgpackFront);
    }

    private static string FindSourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>The two HTTP APIs and the data set's time span (first point at Start, last at End - step).</summary>
    /// <summary>The graphite-web front ends over Mine (see <see cref="GetFrontEndsAsync"/>).</summary>
    internal sealed record FrontEnds(GraphiteReference Pickle, GraphiteReference MsgPack);

    internal sealed record Servers(GraphiteReference Reference, HttpClient Graphite, HttpClient Mine, long Start, long End, string Folder);
}

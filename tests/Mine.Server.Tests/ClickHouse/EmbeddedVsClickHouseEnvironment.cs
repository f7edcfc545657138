using System.Runtime.CompilerServices;
using System.Text;
using Mine.ClickHouse.Schema;
using Mine.Storage.Schemas;
using Mine.TestKit.ClickHouse;

namespace Mine.Server.Tests.ClickHouse;

/// <summary>
/// Two Mines with the default retention rules, one on the embedded store and one on a real ClickHouse whose rollup
/// Mine made from the same rules, both sent the same <see cref="FleetDataSet"/> in plaintext and the same events,
/// then flushed. Started once, lazily, by the first test that needs them; a failed start fails every test that asks.
/// </summary>
public sealed class EmbeddedVsClickHouseEnvironment : IAsyncLifetime
{
    private readonly Lazy<Task<Servers>> _servers;
    private ClickHouseServer? _clickHouse;
    private MineTestServer? _embedded;
    private MineTestServer? _onClickHouse;

    public EmbeddedVsClickHouseEnvironment() => _servers = new Lazy<Task<Servers>>(StartAsync);

    /// <summary>The folder of this file, which holds the test's own corpus.</summary>
    public static string SourceDirectory { get; } = FindSourceDirectory();

    internal Task<Servers> GetAsync() => _servers.Value;

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var mine in new[] { _embedded, _onClickHouse })
        {
            if (mine is not null)
            {
                await mine.DisposeAsync();
            }
        }

        if (_clickHouse is not null)
        {
            await _clickHouse.DisposeAsync();
        }
    }

    private async Task<Servers> StartAsync()
    {
        var rollup = ClickHouseSchema.RollupXml(RollupRules.From(StorageSchemas.Default, StorageAggregation.Default), "graphite_rollup");
        _clickHouse = await ClickHouseServer.StartAsync(new() { Name = "embedded-vs", GraphiteRollups = [rollup] });
        var starts = await Task.WhenAll(
            MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Collectd"] = "off" }),
            MineTestServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Mine:Collectd"] = "off",
                ["Mine:ClickHouse:Url"] = $"{_clickHouse.HttpUrl}?database=differential",
            }));
        (_embedded, _onClickHouse) = (starts[0], starts[1]);

        // The last whole hour, as the graphite-web differential test ends its data, so corpus.txt's {E} means the same.
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600;
        var data = new FleetDataSet(end);
        foreach (var mine in starts)
        {
            await mine.SendPlaintextAsync(data.Plaintext);
        }

        foreach (var mine in starts)
        {
            await mine.WaitForMetricAsync("mine_points_ingested_total", data.Points, timeoutMs: 120_000);

            // Reads come from the embedded store's blocks and from ClickHouse's table, not from write buffers.
            (await mine.Admin.PostAsync("/_internal/flush", null)).EnsureSuccessStatusCode();
            foreach (var ev in Events(data.Start))
            {
                (await mine.Admin.PostAsync("/events", new StringContent(ev, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            }
        }

        return new Servers(_embedded.Http, _onClickHouse.Http, _embedded.Admin, _onClickHouse.Admin, _clickHouse, data);
    }

    /// <summary>make_dataset.py's events, for corpus.txt's events() lines.</summary>
    private static IEnumerable<string> Events(long start) =>
    [
        $$"""{"what": "deploy app 1.0", "tags": ["deploy", "app"], "when": {{start + 3600}}, "data": "first"}""",
        $$"""{"what": "deploy app 1.1", "tags": ["deploy", "app"], "when": {{start + (3 * 3600) + 120}}, "data": "second"}""",
        $$"""{"what": "host07 reboot", "tags": ["reboot", "host07"], "when": {{start + (200 * 60)}}, "data": ""}""",
        $$"""{"what": "maintenance", "tags": ["maintenance"], "when": {{start + (5 * 3600) + 30}}, "data": "window"}""",
    ];

    private static string FindSourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    /// <summary>The two HTTP APIs (anyone's and the admin's), the ClickHouse server under the second, and the data both were sent.</summary>
    internal sealed record Servers(HttpClient Embedded, HttpClient OnClickHouse, HttpClient EmbeddedAdmin, HttpClient OnClickHouseAdmin, ClickHouseServer ClickHouse, FleetDataSet Data);
}

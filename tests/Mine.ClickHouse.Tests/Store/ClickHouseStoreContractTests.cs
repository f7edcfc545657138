using Mine.ClickHouse.Backlog;
using Mine.ClickHouse.Http;
using Mine.TestKit.ClickHouse;
using Mine.TestKit.Contract;

[assembly: StoreNeedsProgram(ClickHouseServer.Program, "clickhouse-server")]

namespace Mine.ClickHouse.Tests.Store;

/// <summary>The ClickHouse store against the storage ports' contract: a real ClickHouse 18.16, a database per test.</summary>
public sealed class ClickHouseStoreContractTests(ContractServer server) : SeriesStoreContractTests, IClassFixture<ContractServer>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-ch-contract-" + Guid.NewGuid().ToString("N"));
    private readonly string _database = "contract_" + Guid.NewGuid().ToString("N")[..12];

    protected override StoreUnderTest Open(TimeProvider clock) => StoreUnderTest.ForStore(ClickHouseStore.OpenAsync(new ClickHouseStoreOptions
    {
        Endpoint = ClickHouseEndpoint.Parse($"{server.Server.HttpUrl}?database={_database}"),
        DataDirectory = _directory,
        Schemas = ContractServer.Schemas,
        Aggregation = ContractServer.Aggregation,
        Backlog = new BacklogOptions { SendInterval = TimeSpan.FromMilliseconds(100), SyncMode = Storage.Wal.WalSyncMode.None },
        Time = clock,
    }).GetAwaiter().GetResult());

    /// <summary>ClickHouse keeps no layout per series: an imported series has the rules' retention (60s:1d,5m:30d), and
    /// each point is read from the archive its age chooses (docs/compatibility.md).</summary>
    [StoreFact]
    public void An_imported_series_follows_the_rules_and_its_points_read_back()
    {
        var fine = Now - 3600;
        var coarse = Now - (3 * Day) - ((Now - (3 * Day)) % 600);
        var result = Import("old.sum", ImportedLayout, Core.Ports.ConflictPolicy.Keep, [(fine, 1), (fine + 60, 2)], [(coarse, 30), (coarse + 600, 40)]);

        Assert.Equal(new Core.Ports.HistoryImportResult(4, 4, 0, 0, 0, 0, Created: true), result);
        Assert.Equal(MaxRetention, Store.Index.MaxRetentionSeconds("old.sum"));
        Assert.Equal([1, 2], Values("old.sum", fine - 60, fine + 60));
        var old = Assert.IsType<Core.Series.FetchedSeries>(Fetch("old.sum", coarse - 600, coarse + 900));
        Assert.Equal(300, old.Step);
        Assert.Equal([30, double.NaN, 40, double.NaN], old.Values[1..5]);

        Reopen();
        Assert.Equal([1, 2], Values("old.sum", fine - 60, fine + 60));
    }

    [StoreFact]
    public void Refused_import_points_are_counted_by_reason()
    {
        var result = Import("r.a", ImportedLayout, Core.Ports.ConflictPolicy.Keep,
            [(Now - (31 * Day) - ((Now - (31 * Day)) % 60), 1), (Now + 3600, 2), (Now - 60, double.NaN), (Now - 61, 3), (Now - 60, 4)]);
        Assert.Equal((5, 1, 1, 1, 2), (result.Offered, result.Written, result.TooOld, result.InFuture, result.Refused));
        var badName = Import("bad..name", ImportedLayout, Core.Ports.ConflictPolicy.Keep, [(Now - 60, 1)]);
        Assert.Equal((1, 0, 1), (badName.Offered, badName.Written, badName.Refused));
        Assert.Equal(["r.a"], Store.Index.AllNames());
    }

    protected override void DeleteData()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

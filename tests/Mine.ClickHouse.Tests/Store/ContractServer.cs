using Mine.Storage.Schemas;
using Mine.TestKit.ClickHouse;

namespace Mine.ClickHouse.Tests.Store;

/// <summary>
/// One real ClickHouse server for a test class; each test gets a database of its own on it. The store reads by the
/// contract's rules (60s:1d,5m:30d, average, xFilesFactor 0).
/// </summary>
public sealed class ContractServer : IAsyncLifetime
{
    public static readonly StorageSchemas Schemas = StorageSchemas.Parse("[default]\npattern = .*\nretentions = 60s:1d,5m:30d\n", "contract-schemas");

    public static readonly StorageAggregation Aggregation = StorageAggregation.Parse("[default]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n", "contract-aggregation");

    private ClickHouseServer? _server;

    public ClickHouseServer Server => _server ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync()
    {
        if (!ClickHouseServer.IsInstalled && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // the tests skip (StoreNeedsProgram)
        }

        // No coarsening: the contract's clock is in 2023 while ClickHouse merges by its own clock, which would roll
        // every point up at once. Rollup by the rules is tested with real times (ClickHouseRollupTests).
        var rollup = GraphiteRollupXml.Default("graphite_rollup", "avg", (0, 1));
        _server = await ClickHouseServer.StartAsync(new() { Name = "contract", GraphiteRollups = [rollup] });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

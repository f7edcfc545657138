using Mine.Storage.Engine;
using Mine.Storage.Schemas;
using Mine.TestKit.Contract;

namespace Mine.Storage.Tests.Engine;

/// <summary>The embedded engine against the storage ports' contract, in a temporary folder.</summary>
public sealed class EmbeddedEngineContractTests : LayoutKeepingStoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-contract-" + Guid.NewGuid().ToString("N"));

    protected override StoreUnderTest Open(TimeProvider clock) => StoreUnderTest.ForStore(StorageEngine.Open(new StorageOptions
    {
        DataDirectory = _directory,
        Schemas = StorageSchemas.Parse("[default]\npattern = .*\nretentions = 60s:1d,5m:30d\n", "contract-schemas"),
        Aggregation = StorageAggregation.Parse("[default]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n", "contract-aggregation"),
        FutureTolerance = TimeSpan.FromMinutes(10),
        Time = clock,
        BackgroundMaintenance = false,
        WalSyncMode = Mine.Storage.Wal.WalSyncMode.None,
    }));

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

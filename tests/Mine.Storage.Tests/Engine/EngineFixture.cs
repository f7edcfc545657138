using Mine.Core.Series;
using Mine.Storage.Engine;
using Mine.Storage.Schemas;

namespace Mine.Storage.Tests.Engine;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(long unixSeconds) : TimeProvider
{
    public long Now { get; set; } = unixSeconds;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Now);
}

/// <summary>A store in a temporary folder, reopenable, deleted on dispose.</summary>
internal sealed class EngineFixture : IDisposable
{
    public const long T0 = 1_700_000_000 - 1_700_000_000 % 86400; // a UTC midnight

    public EngineFixture(string schemas = "[default]\npattern = .*\nretentions = 60s:1d,5m:30d\n", string? aggregation = null, int headCapacity = 1 << 16)
    {
        Directory = Path.Combine(Path.GetTempPath(), "mine-engine-" + Guid.NewGuid().ToString("N"));
        Options = new StorageOptions
        {
            DataDirectory = Directory,
            Schemas = StorageSchemas.Parse(schemas, "test-schemas"),
            Aggregation = StorageAggregation.Parse(aggregation ?? "[default]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n", "test-aggregation"),
            HeadCapacityPoints = headCapacity,
            Time = Clock,
            BackgroundMaintenance = false,
            WalSyncMode = Mine.Storage.Wal.WalSyncMode.None,
            Log = Log.Add,
        };
        Engine = StorageEngine.Open(Options);
    }

    public ManualClock Clock { get; } = new(T0 + 3600);

    public List<string> Log { get; } = new();

    public string Directory { get; }

    public StorageOptions Options { get; }

    public StorageEngine Engine { get; private set; }

    public int Write(params (string Name, long Time, double Value)[] points)
    {
        var batch = new PointBatch();
        foreach (var (name, time, value) in points)
        {
            batch.Add(name, time, value);
        }

        return Engine.Write(batch);
    }

    /// <summary>
    /// Closes and reopens the store without flushing the head first: what survives is what a killed process leaves
    /// (the WAL and series log reach the OS on every write; Dispose never flushes the head).
    /// </summary>
    public void Reopen()
    {
        Engine.Dispose();
        Engine = StorageEngine.Open(Options);
    }

    public double[] Values(string name, long from, long until) => Engine.Fetch(name, from, until, Clock.Now)!.Values;

    public void Dispose()
    {
        Engine.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using Mine.ClickHouse.Backlog;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Schema;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.TestKit.ClickHouse;

namespace Mine.ClickHouse.Tests.Store;

/// <summary>
/// The store with real times on a ClickHouse whose rollup Mine made from the contract's rules (60s:1d,5m:30d,
/// average): what a merge does to the rows must not change what a read answers.
/// </summary>
public sealed class ClickHouseRollupTests
{
    private const long Day = 86_400;

    [ClickHouseFact]
    public async Task Points_of_one_slot_keep_the_last_accepted_through_a_merge_as_on_the_embedded_engine()
    {
        var rollup = ClickHouseSchema.RollupXml(RollupRules.From(ContractServer.Schemas, ContractServer.Aggregation), "graphite_rollup");
        await using var server = await ClickHouseServer.StartAsync(new() { Name = "slot-rewrite", GraphiteRollups = [rollup] });
        var directory = Path.Combine(Path.GetTempPath(), "mine-ch-rollup-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = await ClickHouseStore.OpenAsync(new ClickHouseStoreOptions
            {
                Endpoint = ClickHouseEndpoint.Parse($"{server.HttpUrl}?database=rollup"),
                DataDirectory = directory,
                Schemas = ContractServer.Schemas,
                Aggregation = ContractServer.Aggregation,
                Backlog = new BacklogOptions { SendInterval = TimeSpan.FromMilliseconds(100), SyncMode = Storage.Wal.WalSyncMode.None },
            });
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var minute = (now / 60 * 60) - 600;
            var old = (now - (3 * Day)) / 300 * 300;

            // Three points within one minute, and three points three days old, older than the minute archive: the
            // embedded engine keeps the last of each slot, where the rollup would average points of different times.
            var batch = new PointBatch();
            foreach (var (name, time, value) in new[] { ("fast", minute, 1.0), ("fast", minute + 20, 2), ("fast", minute + 40, 3), ("old", old, 10), ("old", old + 60, 11), ("old", old + 240, 12) })
            {
                batch.Add(name, time, value);
            }

            Assert.Equal(6, store.Write(batch));
            store.FlushNow();
            Assert.Equal((3.0, 12.0), (Slot(store, "fast", minute, now), Slot(store, "old", old, now)));

            store.CompactNow(); // OPTIMIZE ... FINAL: the rollup merges every partition now

            Assert.Equal($"fast\t{minute}\t3\nold\t{old}\t12\n", await server.QueryAsync("SELECT Path, Time, Value FROM rollup.graphite ORDER BY Path, Time"));
            Assert.Equal((3.0, 12.0), (Slot(store, "fast", minute, now), Slot(store, "old", old, now)));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The value of the slot starting at <paramref name="time"/>, read from the archive whisper reads it from.</summary>
    private static double Slot(ClickHouseStore store, string name, long time, long now)
    {
        var series = Assert.IsType<FetchedSeries>(store.Fetch(name, time - 1, time + 1, now));
        return series.Values[(int)((time - series.Start) / series.Step)];
    }
}

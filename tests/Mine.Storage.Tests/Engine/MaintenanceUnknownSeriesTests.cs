namespace Mine.Storage.Tests.Engine;

/// <summary>
/// Parts may hold blocks of series that series.log no longer has: its torn tail is cut off at start while the parts
/// that were flushed before the crash stay (found by the store fuzz target, fuzz/corpus/store/regression-*). A merge
/// used to look those ids up and throw a NullReferenceException, which the maintenance thread does not catch, so the
/// process died seconds after a start that had repaired the log. Merges now keep such blocks as they are.
/// </summary>
public sealed class MaintenanceUnknownSeriesTests
{
    [Fact]
    public void Merging_parts_that_hold_series_the_log_lost_keeps_the_known_data()
    {
        using var store = new EngineFixture();
        store.Write(("a.b", EngineFixture.T0 + 60, 1.0), ("c.d", EngineFixture.T0 + 60, 10.0));
        store.Engine.FlushNow();
        store.Write(("a.b", EngineFixture.T0 + 120, 2.0), ("c.d", EngineFixture.T0 + 120, 20.0));
        store.Engine.FlushNow();
        store.Engine.Dispose();

        // Keep only the first record of series.log, as a repair of a torn tail would.
        var log = Path.Combine(store.Directory, "series.log");
        var bytes = File.ReadAllBytes(log);
        File.WriteAllBytes(log, bytes[..(8 + BitConverter.ToInt32(bytes, 0))]);
        store.Reopen();
        Assert.Equal(1, store.Engine.SeriesCount);

        store.Engine.CompactNow();

        Assert.Equal([1.0, 2.0], store.Values("a.b", EngineFixture.T0, EngineFixture.T0 + 120));
        Assert.Single(Directory.GetFiles(Path.Combine(store.Directory, "parts"), "*.part", SearchOption.AllDirectories));
    }
}

using Mine.Core.Series;
using Mine.Storage.Engine;
using Mine.Storage.Tests.Engine;

namespace Mine.Storage.Tests.Fixtures;

/// <summary>
/// A data folder written by format version 1 is committed under Fixtures/format-v1: a series log, parts (one
/// merged, one not) and a WAL with unflushed points. Every later build must read it back unchanged.
/// Regenerate (only when the format version changes): MINE_WRITE_FIXTURES=1 dotnet test --filter FormatV1.
/// </summary>
public class FormatV1FixtureTests
{
    private const long T0 = 1_700_000_000 - 1_700_000_000 % 86400;
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "format-v1");

    private static StorageOptions Options(string directory) => new()
    {
        DataDirectory = directory,
        Schemas = Mine.Storage.Schemas.StorageSchemas.Parse("[default]\npattern = .*\nretentions = 60s:5y,1h:10y\n", "fixture"),
        Aggregation = Mine.Storage.Schemas.StorageAggregation.Parse("[sum]\npattern = \\.count$\nxFilesFactor = 0\naggregationMethod = sum\n[default]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n", "fixture"),
        Time = new ManualClock(T0 + 86400),
        BackgroundMaintenance = false,
        WalSyncMode = Mine.Storage.Wal.WalSyncMode.None,
    };

    [Fact]
    public void Format_v1_data_folder_reads_back()
    {
        if (Environment.GetEnvironmentVariable("MINE_WRITE_FIXTURES") == "1")
        {
            WriteFixture(Path.Combine(FindSourceDirectory(), "format-v1"));
        }

        var copy = Path.Combine(Path.GetTempPath(), "mine-fixture-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(FixtureDirectory, copy);
        try
        {
            using var engine = StorageEngine.Open(Options(copy));
            Assert.Equal(3, engine.SeriesCount);
            var now = T0 + 86400;
            Assert.Equal([1, 2, 30, 4], engine.Fetch("fixture.a", T0 - 60, T0 + 180, now)!.Values);
            Assert.Equal([-0.5, double.PositiveInfinity, double.NaN, 1e-300], engine.Fetch("fixture.b.count", T0 - 60, T0 + 180, now)!.Values);
            Assert.Equal([7.25], engine.Fetch("fixture.tagged;dc=x;host=h1", T0 + 60, T0 + 120, now)!.Values);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void WriteFixture(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        using var engine = StorageEngine.Open(Options(directory));
        Write(engine, ("fixture.a", T0, 1), ("fixture.a", T0 + 60, 2), ("fixture.b.count", T0, -0.5));
        engine.FlushNow();
        Write(engine, ("fixture.a", T0 + 120, 3), ("fixture.b.count", T0 + 60, double.PositiveInfinity));
        engine.FlushNow();
        engine.CompactNow(); // one merged part
        Write(engine, ("fixture.a", T0 + 180, 4), ("fixture.b.count", T0 + 180, 1e-300));
        engine.FlushNow(); // one unmerged part
        Write(engine, ("fixture.a", T0 + 120, 30), ("fixture.tagged;dc=x;host=h1", T0 + 120, 7.25)); // left in the WAL
    }

    private static void Write(StorageEngine engine, params (string Name, long Time, double Value)[] points)
    {
        var batch = new PointBatch();
        foreach (var (name, time, value) in points)
        {
            batch.Add(name, time, value);
        }

        engine.Write(batch);
    }

    private static string FindSourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

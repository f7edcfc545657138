using Mine.Core.Series;
using Mine.Fuzz.Support;
using Mine.Storage.Engine;
using Mine.Storage.Schemas;
using Mine.Storage.Wal;

namespace Mine.Fuzz.Targets.Storage;

/// <summary>
/// A small data folder written by the real engine (three series, one of them tagged; parts in both archives; a
/// WAL segment with points not yet flushed), made once per process. The store target copies it and replaces one
/// file with the input; the seed maker copies its files into the corpus.
/// </summary>
internal static class StoreBaseline
{
    public const string SchemaText = "[all]\npattern = .*\nretentions = 10s:1h,1m:1d\n";

    private static readonly Lazy<string> s_folder = new(Create);

    public static string[] SeriesNames { get; } = ["servers.web-001.cpu", "servers.web-002.cpu", "servers.web-001.load;dc=eu"];

    /// <summary>The folder; treat it as read-only.</summary>
    public static string Folder => s_folder.Value;

    public static StorageOptions Options(string folder, Action<string> log) => new()
    {
        DataDirectory = folder,
        Schemas = StorageSchemas.Parse(SchemaText, "(fuzz schemas)"),
        Time = FixedClock.Default,
        HeadCapacityPoints = 4096,
        BackgroundMaintenance = false,
        WalSyncMode = WalSyncMode.None,
        Log = log,
    };

    /// <summary>The files an input may replace: series.log, the WAL segment holding records, the part files.</summary>
    public static (string SeriesLog, string WalSegment, string[] Parts) Files(string folder)
    {
        var wal = Directory.GetFiles(Path.Combine(folder, "wal"), "*.wal").Where(static f => new FileInfo(f).Length > 12).Order(StringComparer.Ordinal).Last();
        var parts = Directory.GetFiles(Path.Combine(folder, "parts"), "*.part", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        return (Path.Combine(folder, "series.log"), wal, parts);
    }

    public static void CopyTo(string destination)
    {
        foreach (var file in Directory.GetFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Create()
    {
        var folder = ScratchFolder.Fresh("store-baseline");
        var now = FixedClock.Epoch.ToUnixTimeSeconds();
        using (var engine = StorageEngine.Open(Options(folder, _ => { })))
        {
            // Two hours: the older hour lands in the 1-minute archive, the recent one in the 10-second archive.
            var batch = new PointBatch(1024);
            for (var t = now - 7200; t < now - 300; t += 10)
            {
                for (var s = 0; s < SeriesNames.Length; s++)
                {
                    batch.Add(SeriesNames[s], t, s == 0 ? (t / 10 % 100) * 0.5 : s * 1000 + (t % 7));
                }
            }

            engine.Write(batch);
            engine.FlushNow();

            // The last five minutes stay in the WAL, as after a kill -9.
            batch.Clear();
            for (var t = now - 300; t < now; t += 10)
            {
                for (var s = 0; s < SeriesNames.Length; s++)
                {
                    batch.Add(SeriesNames[s], t, s + t % 13);
                }
            }

            engine.Write(batch);
        }

        File.Delete(Path.Combine(folder, "LOCK"));
        return folder;
    }
}

using Mine.Fuzz.Targets.Storage;

namespace Mine.Fuzz.Seeds;

/// <summary>
/// Writes the storage seeds of the corpus from files the real engine made (<see cref="StoreBaseline"/>), so they
/// follow the format whenever it changes: <c>dotnet run --project fuzz/Mine.Fuzz -- make-seeds fuzz/corpus</c>.
/// The protocol and query seeds are plain files kept by hand (docs/testing.md says where each came from).
/// </summary>
public static class SeedMaker
{
    public static void Write(string corpus)
    {
        var (seriesLog, wal, parts) = StoreBaseline.Files(StoreBaseline.Folder);
        Save(corpus, "serieslog", "engine-3-series.log", File.ReadAllBytes(seriesLog));
        Save(corpus, "wal", "engine-segment.wal", File.ReadAllBytes(wal));
        for (var i = 0; i < parts.Length; i++)
        {
            Save(corpus, "part", $"engine-{Path.GetFileName(Path.GetDirectoryName(parts[i]))}s-{i}.part", File.ReadAllBytes(parts[i]));
        }

        Save(corpus, "store", "engine-series-log", [0, .. File.ReadAllBytes(seriesLog)]);
        Save(corpus, "store", "engine-wal", [1, .. File.ReadAllBytes(wal)]);
        for (var i = 0; i < parts.Length; i++)
        {
            Save(corpus, "store", $"engine-part-{i}", [(byte)(2 + 3 * i), .. File.ReadAllBytes(parts[i])]);
        }
    }

    private static void Save(string corpus, string target, string name, byte[] content)
    {
        var folder = Path.Combine(corpus, target);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), content);
        Console.WriteLine($"{Path.Combine(folder, name)}: {content.Length} bytes");
    }
}

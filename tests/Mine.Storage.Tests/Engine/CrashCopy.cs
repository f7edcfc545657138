namespace Mine.Storage.Tests.Engine;

/// <summary>
/// What a kill -9 at this moment would leave, as far as files go: everything a returned Write logged is in the OS,
/// so a copy sees it. Files are copied in the order that makes the copy a state a crash could leave while the flush
/// thread works: the WAL before the checkpoint (a trim follows a commit), the checkpoint before the parts (a commit
/// follows its parts), the series log last (it only grows, and must know every id the WAL copy uses). Merges must
/// not run meanwhile (tests run them on their own thread), or one could delete a part during the copy.
/// </summary>
internal static class CrashCopy
{
    public static void Take(string source, string copy)
    {
        CopyTree(Path.Combine(source, "wal"), Path.Combine(copy, "wal"));
        CopyIfExists(Path.Combine(source, "checkpoint"), Path.Combine(copy, "checkpoint"));
        CopyTree(Path.Combine(source, "parts"), Path.Combine(copy, "parts"));
        CopyIfExists(Path.Combine(source, "series.log"), Path.Combine(copy, "series.log"));
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            CopyIfExists(file, target);
        }
    }

    private static void CopyIfExists(string source, string destination)
    {
        try
        {
            File.Copy(source, destination, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // deleted meanwhile (a WAL segment trimmed after its flush committed, a part renamed from .tmp)
        }
    }
}

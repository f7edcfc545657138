namespace Mine.Fuzz.Support;

/// <summary>
/// A private temporary folder for the storage targets, emptied before each input and deleted at exit. It lives in
/// <c>$TMPDIR</c> (fuzz/run.sh points that into the run's own work folder, so a child killed by afl-fuzz for a
/// hang leaves nothing behind in /tmp).
/// </summary>
public static class ScratchFolder
{
    private static readonly Lazy<string> s_root = new(Create);

    /// <summary>A fresh, empty folder <paramref name="name"/> inside this process' scratch root.</summary>
    public static string Fresh(string name)
    {
        var path = Path.Combine(s_root.Value, name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    private static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), $"mine-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a folder left behind in TMPDIR is harmless.
            }
        };
        return root;
    }
}

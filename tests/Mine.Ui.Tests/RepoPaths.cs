namespace Mine.Ui.Tests;

/// <summary>Where things are: the repository (found from the test binary), the UI sources, and the artifacts folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Ui => Path.Combine(Root, "src", "Mine.Ui");

    /// <summary>
    /// Where the tests save their screenshots: artifacts/ui/screenshots, so a test run leaves the tree clean. With
    /// MINE_UPDATE_SCREENSHOTS=1 they replace the ones docs/ui.md shows instead.
    /// </summary>
    public static string Screenshots => Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("MINE_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(Root, "docs", "screenshots")
            : Path.Combine(Artifacts, "screenshots")).FullName;

    /// <summary>$MINE_ARTIFACTS when set (CI keeps it), else artifacts/ui in the repository (ignored by git).</summary>
    public static string Artifacts
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("MINE_ARTIFACTS") is { Length: > 0 } set ? Path.Combine(set, "ui") : Path.Combine(Root, "artifacts", "ui");
            return Directory.CreateDirectory(folder).FullName;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mine.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Mine.slnx not found above {AppContext.BaseDirectory}");
    }
}

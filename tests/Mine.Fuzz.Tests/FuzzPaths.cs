namespace Mine.Fuzz.Tests;

/// <summary>Where the fuzzing files are in the repository this test was built from.</summary>
internal static class FuzzPaths
{
    public static string Repository { get; } = FindRepository();

    public static string Corpus => Path.Combine(Repository, "fuzz", "corpus");

    public static string RunScript => Path.Combine(Repository, "fuzz", "run.sh");

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Mine.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Mine.slnx above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
    }
}

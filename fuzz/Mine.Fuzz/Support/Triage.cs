using System.Text.RegularExpressions;

namespace Mine.Fuzz.Support;

/// <summary>
/// Groups afl-fuzz's crash files by what went wrong: the exception type and the first frame in Mine's own code
/// (for an invariant, its message without numbers). afl saves one file per new path to a crash, so one bug is
/// often dozens of files; fuzz/run.sh minimizes and prints one per group.
/// </summary>
public static partial class Triage
{
    /// <summary>Prints one line per group: the signature, how many files, the smallest file.</summary>
    public static void Run(FuzzTarget target, IEnumerable<string> files)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string signature;
            try
            {
                target.Run(File.ReadAllBytes(file));
                signature = "no failure when run alone";
            }
            catch (Exception error)
            {
                signature = Signature(error);
            }

            if (!groups.TryGetValue(signature, out var list))
            {
                groups[signature] = list = [];
            }

            list.Add(file);
        }

        foreach (var (signature, list) in groups)
        {
            var smallest = list.OrderBy(static f => new FileInfo(f).Length).ThenBy(static f => f, StringComparer.Ordinal).First();
            Console.WriteLine($"{signature}\t{list.Count}\t{smallest}");
        }
    }

    private static string Signature(Exception error)
    {
        var frame = error.StackTrace?.Split('\n')
            .Select(static l => l.Trim())
            .FirstOrDefault(static l => l.StartsWith("at Mine.", StringComparison.Ordinal) && !l.StartsWith("at Mine.Fuzz.Support", StringComparison.Ordinal))
            ?? "";
        frame = frame.Split(" in ")[0];
        var what = error is InvariantViolationException ? Numbers().Replace(error.Message, "N") : error.GetType().Name;
        return $"{what} {frame}".Replace('\t', ' ');
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Numbers();
}

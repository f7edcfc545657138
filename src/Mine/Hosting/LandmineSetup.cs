using Mine.Fleet;
using Mine.Query.Time;

namespace Mine.Hosting;

/// <summary>Turns <c>Mine:Landmines</c> into the detector's settings, and says what is wrong with them, per key.</summary>
internal static class LandmineSetup
{
    public static LandmineSettings Settings(LandmineOptions options)
    {
        var fleet = Tuning(options.K, options.Window, options.History, options.IgnoreMetrics, options.Horizon, null);
        return new LandmineSettings
        {
            Default = fleet,
            Groups = options.Groups.ToDictionary(
                static g => g.Key,
                g => Tuning(g.Value.K ?? options.K, g.Value.Window ?? options.Window, g.Value.History ?? options.History, g.Value.IgnoreMetrics ?? options.IgnoreMetrics, g.Value.Horizon ?? options.Horizon, null),
                StringComparer.Ordinal),
        };
    }

    /// <summary>Each problem as (the key's last part, what to write instead): K, Window, History, IgnoreMetrics, Horizon.</summary>
    public static List<(string Key, string Fix)> Problems(double k, string window, string history, IReadOnlyList<string> ignore, string horizon)
    {
        var problems = new List<(string, string)>();
        Tuning(k, window, history, ignore, horizon, problems);
        return problems;
    }

    private static LandmineTuning Tuning(double k, string window, string history, IReadOnlyList<string> ignore, string horizon, List<(string, string)>? problems)
    {
        var tuning = new LandmineTuning
        {
            K = k,
            WindowSeconds = Seconds(window, nameof(LandmineOptions.Window), problems),
            HistorySeconds = Seconds(history, nameof(LandmineOptions.History), problems),
            IgnoreMetrics = ignore.Select(static m => m.Trim()).ToHashSet(StringComparer.Ordinal),
            HorizonSeconds = Seconds(horizon, nameof(LandmineOptions.Horizon), problems),
        };
        if (problems is null)
        {
            return tuning;
        }

        if (!(k > 0))
        {
            problems.Add((nameof(LandmineOptions.K), "must be more than 0 (robust deviations; 3 is the default)"));
        }

        if (tuning.WindowSeconds is > 0 and < 60)
        {
            problems.Add((nameof(LandmineOptions.Window), "must be at least 1min"));
        }

        if (tuning.WindowSeconds > 0 && tuning.HistorySeconds > 0 && tuning.HistorySeconds < 4 * tuning.WindowSeconds)
        {
            problems.Add((nameof(LandmineOptions.History), "must be at least four windows (a normal is learnt before the window)"));
        }

        if (tuning.HorizonSeconds is > 0 and < 60)
        {
            problems.Add((nameof(LandmineOptions.Horizon), "must be at least 1min"));
        }

        foreach (var id in tuning.IgnoreMetrics.Where(static id => !LandmineDetector.Metrics.Any(m => m.Id == id)))
        {
            problems.Add((nameof(LandmineOptions.IgnoreMetrics), $"names '{id}', which is not a metric; use {string.Join(", ", LandmineDetector.Metrics.Select(static m => m.Id))}"));
        }

        return tuning;
    }

    /// <summary>An interval such as 15min, 6h or 1d in seconds; 0 (with a problem) when it is not one.</summary>
    private static long Seconds(string text, string key, List<(string, string)>? problems)
    {
        try
        {
            var seconds = (long)Math.Abs(AtTimeParser.ParseTimeOffset(text.Trim()).TotalSeconds);
            if (seconds > 0)
            {
                return seconds;
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or Query.QueryArgumentException)
        {
        }

        problems?.Add((key, "must be a positive interval such as 15min, 6h or 1d"));
        return 0;
    }
}

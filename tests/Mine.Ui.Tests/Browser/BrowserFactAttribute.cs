namespace Mine.Ui.Tests.Browser;

/// <summary>What the browser tests need from the machine: Debian's Chromium (and collectd for one of them).</summary>
internal static class Requirements
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Collectd = "/usr/sbin/collectd";

    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Runs the browser tests: Chromium is there, or CI (where a missing Chromium fails the tests).</summary>
    public static bool Browser => File.Exists(Chromium) || InCi;

    public static string? SkipReason(bool collectd)
    {
        if (InCi)
        {
            return null;
        }

        if (!File.Exists(Chromium))
        {
            return $"{Chromium} not installed (apt-get install chromium)";
        }

        return collectd && !File.Exists(Collectd) ? $"{Collectd} not installed (apt-get install collectd-core)" : null;
    }
}

/// <summary>
/// A test that drives Chromium: skipped (and reported as skipped) when /usr/bin/chromium is missing, except in CI
/// (CI=true), where it runs and fails on the missing browser instead, because .ci/run installs it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Requirements.SkipReason(collectd: false) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A browser test that also needs the real collectd daemon (same rule: skipped locally, required in CI).</summary>
public sealed class BrowserCollectdFactAttribute : FactAttribute
{
    public BrowserCollectdFactAttribute()
    {
        if (Requirements.SkipReason(collectd: true) is { } reason)
        {
            Skip = reason;
        }
    }
}

namespace Mine.Server.Tests.Collectd;

/// <summary>
/// A fact that needs the real collectd daemon: skipped (and reported as skipped) when it is not installed, except
/// in CI (CI=true), where the test runs and fails on the missing binary instead, because .ci/run installs it.
/// </summary>
public sealed class CollectdFactAttribute : FactAttribute
{
    public CollectdFactAttribute()
    {
        if (!File.Exists(CollectdDaemon.Binary) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{CollectdDaemon.Binary} not installed (apt-get install collectd-core)";
        }
    }
}

/// <summary>The theory form of <see cref="CollectdFactAttribute"/>.</summary>
public sealed class CollectdTheoryAttribute : TheoryAttribute
{
    public CollectdTheoryAttribute()
    {
        if (!File.Exists(CollectdDaemon.Binary) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{CollectdDaemon.Binary} not installed (apt-get install collectd-core)";
        }
    }
}

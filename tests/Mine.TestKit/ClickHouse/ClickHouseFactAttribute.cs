using Xunit;

namespace Mine.TestKit.ClickHouse;

/// <summary>
/// A fact that runs real ClickHouse servers (Debian's <c>clickhouse-server</c>) and, with
/// <see cref="NeedsZooKeeper"/>, ZooKeeper (<c>zookeeper</c>): skipped when they are not installed, except in CI
/// (CI=true), where the test runs and fails on the missing program instead, because .ci/run installs them.
/// </summary>
public sealed class ClickHouseFactAttribute : FactAttribute
{
    private bool _needsZooKeeper;

    public ClickHouseFactAttribute()
    {
        Skip = SkipReason();
    }

    /// <summary>The test also starts ZooKeeper (a replicated cluster).</summary>
    public bool NeedsZooKeeper
    {
        get => _needsZooKeeper;
        set
        {
            _needsZooKeeper = value;
            Skip = SkipReason();
        }
    }

    private string? SkipReason()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            return null;
        }

        if (!ClickHouseServer.IsInstalled)
        {
            return $"{ClickHouseServer.Program} not installed (apt-get install clickhouse-server)";
        }

        return NeedsZooKeeper && !ZooKeeperServer.IsInstalled
            ? $"ZooKeeper ({ZooKeeperServer.Jar}) or java not installed (apt-get install zookeeper)"
            : null;
    }
}

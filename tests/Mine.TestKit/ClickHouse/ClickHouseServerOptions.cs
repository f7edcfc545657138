using System.Net;

namespace Mine.TestKit.ClickHouse;

/// <summary>How a <see cref="ClickHouseServer"/> is configured; everything not named here is Debian's packaged
/// config.</summary>
public sealed record ClickHouseServerOptions
{
    /// <summary>Names the temporary folder and appears in failure messages.</summary>
    public string Name { get; init; } = "clickhouse";

    /// <summary>Whole rollup sections, each an XML element whose name is the one a GraphiteMergeTree table gives
    /// (<c>&lt;graphite_rollup&gt;&lt;default&gt;…&lt;/default&gt;&lt;/graphite_rollup&gt;</c>);
    /// <see cref="GraphiteRollupXml"/> writes simple ones.</summary>
    public IReadOnlyList<string> GraphiteRollups { get; init; } = [];

    /// <summary>The ZooKeeper that Replicated tables and ON CLUSTER statements use; none by default.</summary>
    public DnsEndPoint? ZooKeeper { get; init; }

    /// <summary>How long ZooKeeper keeps a dead server's session. A server killed with SIGKILL and started again
    /// cannot take its replica back before that (it "appears to be already active"): shorter than ClickHouse's 30 s
    /// so that fault tests do not wait for nothing.</summary>
    public TimeSpan ZooKeeperSessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public ClickHouseMacros? Macros { get; init; }

    /// <summary>The contents of <c>&lt;remote_servers&gt;</c>: cluster elements, replacing the packaged test
    /// clusters (which point at port 9000).</summary>
    public string? RemoteServers { get; init; }

    /// <summary>Fixed ports (a cluster knows its nodes' ports before they start); free ones when null.</summary>
    public ClickHousePorts? Ports { get; init; }

    /// <summary>How long to wait for <c>/ping</c> to answer after a start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one query may take before <see cref="ClickHouseServer.QueryAsync(string, CancellationToken)"/>
    /// gives up: a frozen server or replica would otherwise hang it for good.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

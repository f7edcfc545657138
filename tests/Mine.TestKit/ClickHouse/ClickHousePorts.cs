using Mine.TestKit.Network;

namespace Mine.TestKit.ClickHouse;

/// <summary>The ports one ClickHouse server listens on, all on 127.0.0.1.</summary>
/// <param name="Http">HTTP interface (queries, inserts, <c>/ping</c>).</param>
/// <param name="Tcp">Native protocol: what Distributed tables use between servers.</param>
/// <param name="Interserver">Where replicas fetch parts from each other.</param>
public sealed record ClickHousePorts(int Http, int Tcp, int Interserver)
{
    /// <summary>Three ports nothing listens on now.</summary>
    public static ClickHousePorts PickFree()
    {
        var ports = FreeTcpPorts.Take(3);
        return new ClickHousePorts(ports[0], ports[1], ports[2]);
    }
}

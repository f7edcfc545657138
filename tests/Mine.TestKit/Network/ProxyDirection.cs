namespace Mine.TestKit.Network;

/// <summary>Which way bytes go through a <see cref="FaultyTcpProxy"/>.</summary>
public enum ProxyDirection
{
    /// <summary>From the connecting client to the target server.</summary>
    ToServer,

    /// <summary>From the target server back to the client.</summary>
    ToClient,
}

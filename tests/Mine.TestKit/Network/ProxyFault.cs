namespace Mine.TestKit.Network;

/// <summary>
/// What a <see cref="FaultyTcpProxy"/> does to a connection. Faults combine: a connection can be slow and cut
/// after so many bytes. The byte limits count per connection and per direction.
/// </summary>
public sealed record ProxyFault
{
    /// <summary>Forwards everything, as fast as it comes.</summary>
    public static ProxyFault None { get; } = new();

    /// <summary>Swallows everything both ways and keeps the connection open: a link that black-holes packets (no
    /// reset, no FIN; only a timeout notices).</summary>
    public static ProxyFault BlackHoled { get; } = new() { SwallowToServerAfter = 0, SwallowToClientAfter = 0 };

    /// <summary>Resets a new connection as soon as it is accepted: a server that is down but whose port answers.</summary>
    public static ProxyFault ResetOnConnect { get; } = new() { ResetOnAccept = true };

    /// <summary>Lets <paramref name="bytes"/> bytes through in <paramref name="direction"/>, then resets both sides
    /// when one more would pass (the bytes after the limit are lost).</summary>
    public static ProxyFault CutAfter(ProxyDirection direction, long bytes) => direction == ProxyDirection.ToServer
        ? new ProxyFault { CutToServerAfter = bytes }
        : new ProxyFault { CutToClientAfter = bytes };

    /// <summary>Lets <paramref name="bytes"/> bytes through in <paramref name="direction"/>, then swallows the rest
    /// of that direction and forwards the other: acknowledgements lost without a reset (toward the client), or
    /// requests that vanish (toward the server).</summary>
    public static ProxyFault BlackHoledOneWay(ProxyDirection direction, long bytes = 0) => direction == ProxyDirection.ToServer
        ? new ProxyFault { SwallowToServerAfter = bytes }
        : new ProxyFault { SwallowToClientAfter = bytes };

    /// <summary>Forwards both ways at about <paramref name="bytesPerSecond"/>.</summary>
    public static ProxyFault Slow(int bytesPerSecond) => new() { BytesPerSecond = bytesPerSecond };

    public long? CutToServerAfter { get; init; }

    public long? CutToClientAfter { get; init; }

    public long? SwallowToServerAfter { get; init; }

    public long? SwallowToClientAfter { get; init; }

    public bool ResetOnAccept { get; init; }

    public int? BytesPerSecond { get; init; }

    internal long? CutAfterFor(ProxyDirection direction) => direction == ProxyDirection.ToServer ? CutToServerAfter : CutToClientAfter;

    internal long? SwallowAfterFor(ProxyDirection direction) => direction == ProxyDirection.ToServer ? SwallowToServerAfter : SwallowToClientAfter;
}

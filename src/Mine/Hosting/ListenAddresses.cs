using System.Net;
using System.Net.Sockets;
using Mine.Core.Errors;

namespace Mine.Hosting;

/// <summary>
/// The addresses `serve` and `relay` listen on, parsed from the options (null: off), and a check that each one can
/// be bound before anything slow happens: a busy port is then reported in one line at once, not after storage has
/// replayed its WAL or the relay has opened its buffer.
/// </summary>
internal sealed record ListenAddresses(IPEndPoint? Http, IPEndPoint? Plaintext, IPEndPoint? Pickle, IPEndPoint? Collectd, IPEndPoint? Forward)
{
    public static ListenAddresses From(MineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(
            EndpointSpec.Parse("http", options.Http),
            EndpointSpec.Parse("plaintext", options.Plaintext),
            EndpointSpec.Parse("pickle", options.Pickle),
            EndpointSpec.Parse("collectd", options.Collectd),
            EndpointSpec.Parse("forward-listen", options.ForwardListen));
    }

    /// <summary>Every socket the listeners will open: listener name, transport and address.</summary>
    public IEnumerable<(string Listener, ProtocolType Transport, IPEndPoint EndPoint)> Sockets()
    {
        if (Http is not null)
        {
            yield return ("http", ProtocolType.Tcp, Http);
        }

        if (Plaintext is not null)
        {
            yield return ("plaintext", ProtocolType.Tcp, Plaintext);
            yield return ("plaintext", ProtocolType.Udp, Plaintext);
        }

        if (Pickle is not null)
        {
            yield return ("pickle", ProtocolType.Tcp, Pickle);
        }

        if (Collectd is not null)
        {
            yield return ("collectd", ProtocolType.Udp, Collectd);
        }

        if (Forward is not null)
        {
            yield return ("forward", ProtocolType.Tcp, Forward);
        }
    }

    /// <summary>
    /// Throws a <see cref="MineUserException"/> naming the flag when two listeners ask for the same port, or when a
    /// socket cannot be bound (busy, a privileged port, an address this machine does not have). Each probe socket is
    /// closed at once; the listeners bind again when they start (and report the same way if another program took
    /// the port in between).
    /// </summary>
    public void Check()
    {
        var sockets = Sockets().Where(static s => s.EndPoint.Port != 0).ToList();
        for (var i = 0; i < sockets.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Overlap(sockets[i], sockets[j]))
                {
                    var (a, b) = (sockets[j], sockets[i]);
                    throw new MineUserException($"{ListenFailure.FlagOf(a.Listener)} {a.EndPoint} and {ListenFailure.FlagOf(b.Listener)} {b.EndPoint} both ask for {a.Transport.ToString().ToUpperInvariant()} port {a.EndPoint.Port}; give each its own port ({ListenFailure.KeyOf(a.Listener)}, {ListenFailure.KeyOf(b.Listener)})");
                }
            }
        }

        foreach (var (listener, transport, endPoint) in sockets)
        {
            Probe(listener, transport, endPoint);
        }
    }

    private static bool Overlap((string Listener, ProtocolType Transport, IPEndPoint EndPoint) a, (string Listener, ProtocolType Transport, IPEndPoint EndPoint) b) =>
        a.Transport == b.Transport && a.EndPoint.Port == b.EndPoint.Port
        && (a.EndPoint.Address.Equals(b.EndPoint.Address) || IsAny(a.EndPoint.Address) || IsAny(b.EndPoint.Address));

    private static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>Binds as the listener will (a multicast group is bound as the wildcard address with the port, as
    /// the collectd listener binds it) and closes again.</summary>
    private static void Probe(string listener, ProtocolType transport, IPEndPoint endPoint)
    {
        var multicast = transport == ProtocolType.Udp && (endPoint.Address.IsIPv6Multicast || (endPoint.AddressFamily == AddressFamily.InterNetwork && (endPoint.Address.GetAddressBytes()[0] & 0xF0) == 0xE0));
        var bindTo = multicast ? new IPEndPoint(endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, endPoint.Port) : endPoint;
        using var socket = new Socket(endPoint.AddressFamily, transport == ProtocolType.Tcp ? SocketType.Stream : SocketType.Dgram, transport);
        try
        {
            if (transport == ProtocolType.Tcp || multicast)
            {
                // As the listeners (and Kestrel) bind: connections in TIME_WAIT from a previous run do not block.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(bindTo);
        }
        catch (SocketException ex)
        {
            throw ListenFailure.Exception(listener, transport == ProtocolType.Tcp ? "tcp" : "udp", endPoint, ex);
        }
    }
}

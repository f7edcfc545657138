using System.Net;
using System.Net.Sockets;
using Mine.Core.Errors;

namespace Mine.Hosting;

/// <summary>
/// The one line a listener that cannot bind stops the start with: its flag and address, what the kernel said in
/// words an operator acts on, and what to do, naming the flag and its configuration key.
/// </summary>
internal static class ListenFailure
{
    /// <summary>The flag of a listener by its name in the metrics (<c>plaintext</c>, <c>pickle</c>, <c>collectd</c>,
    /// <c>http</c>, <c>forward</c>).</summary>
    public static string FlagOf(string listener) => listener == "forward" ? "--forward-listen" : "--" + listener;

    /// <summary>The configuration key (section Mine) of the same setting.</summary>
    public static string KeyOf(string listener) => listener switch
    {
        "forward" => $"{MineOptions.Section}:{nameof(MineOptions.ForwardListen)}",
        "http" => $"{MineOptions.Section}:{nameof(MineOptions.Http)}",
        "plaintext" => $"{MineOptions.Section}:{nameof(MineOptions.Plaintext)}",
        "pickle" => $"{MineOptions.Section}:{nameof(MineOptions.Pickle)}",
        "collectd" => $"{MineOptions.Section}:{nameof(MineOptions.Collectd)}",
        _ => $"{MineOptions.Section}:{listener}",
    };

    /// <summary>The exception a listener throws when its socket does not bind.</summary>
    /// <param name="listener">Its name: http, plaintext, pickle, collectd or forward.</param>
    /// <param name="transport">tcp or udp: said when one flag opens both (plaintext).</param>
    /// <param name="endPoint">The address it asked for.</param>
    /// <param name="error">What the kernel answered.</param>
    public static MineUserException Exception(string listener, string transport, IPEndPoint endPoint, SocketException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new MineUserException(Message(listener, transport, endPoint, error.SocketErrorCode, error.Message), error);
    }

    public static string Message(string listener, string transport, IPEndPoint endPoint, SocketError code, string kernelMessage)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var flag = FlagOf(listener);
        var where = listener == "plaintext" ? $"{flag} {endPoint} ({transport.ToUpperInvariant()})" : $"{flag} {endPoint}";
        var choose = $"{flag} HOST:PORT or off ({KeyOf(listener)})";
        return code switch
        {
            SocketError.AddressAlreadyInUse =>
                $"{where}: the address is already in use (another program listens there); stop it or choose another address with {choose}",
            SocketError.AccessDenied =>
                $"{where}: permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE (systemd: AmbientCapabilities=CAP_NET_BIND_SERVICE); choose a port above 1023 with {choose}",
            SocketError.AddressNotAvailable =>
                $"{where}: this machine has no such address; give one of its own addresses (0.0.0.0 for all) with {choose}",
            _ => $"{where}: cannot listen there ({kernelMessage}); choose another address with {choose}",
        };
    }

    /// <summary>The line for an exception Kestrel threw while binding the HTTP address, or null when it is not a
    /// bind failure.</summary>
    public static string? ForHttp(Exception error, IPEndPoint? endPoint)
    {
        if (endPoint is null)
        {
            return null;
        }

        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return Message("http", "tcp", endPoint, socket.SocketErrorCode, socket.Message);
            }

            if (inner is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                return Message("http", "tcp", endPoint, SocketError.AddressAlreadyInUse, inner.Message);
            }
        }

        return null;
    }
}

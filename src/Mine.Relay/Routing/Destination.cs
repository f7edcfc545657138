using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mine.Relay.Routing;

/// <summary>
/// Where the relay forwards points: a host, a port and an optional instance, written <c>HOST:PORT</c> or
/// <c>HOST:PORT:INSTANCE</c> as carbon's <c>DESTINATIONS</c> writes them (an IPv6 address in brackets:
/// <c>[::1]:2003:a</c>). The host is kept exactly as written, because the hash rings key nodes by that string:
/// <c>10.0.0.1</c> and a name resolving to it are different ring nodes, in carbon as here.
/// </summary>
public sealed record Destination
{
    private const string ExpectedForm =
        "expected HOST:PORT or HOST:PORT:INSTANCE, with an IPv6 address in brackets ([::1]:2003 or [::1]:2003:a)";

    /// <summary>A destination; throws <see cref="ArgumentException"/> for a host, port or instance that
    /// <see cref="Parse"/> would refuse.</summary>
    public Destination(string host, int port, string? instance = null)
    {
        var problem = HostProblem(host) ?? PortProblem(port) ?? InstanceProblem(instance);
        if (problem is not null)
        {
            throw new ArgumentException($"Bad destination: {problem}; {ExpectedForm}.");
        }

        Host = host;
        Port = port;
        Instance = instance;
    }

    /// <summary>The host as written, without the brackets of an IPv6 address.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>carbon's instance name (<c>a</c> in <c>10.0.0.1:2004:a</c>), or null when none was given.</summary>
    public string? Instance { get; }

    /// <summary>
    /// Reads <c>HOST:PORT</c> or <c>HOST:PORT:INSTANCE</c> (surrounding white space ignored, as carbon does); throws
    /// <see cref="FormatException"/> naming the expected form and what is wrong.
    /// </summary>
    public static Destination Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var destination, out var problem))
        {
            throw new FormatException($"Bad destination '{text}': {problem}; {ExpectedForm}.");
        }

        return destination;
    }

    /// <summary>The non-throwing <see cref="Parse"/>: false with the reason in <paramref name="problem"/>.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Destination? destination, out string? problem)
    {
        destination = null;
        var s = text.Trim();
        string host;
        string rest;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                problem = "a bracketed IPv6 address must be followed by ]:PORT";
                return false;
            }

            host = s[1..close];
            rest = s[(close + 2)..];
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                problem = $"'{host}' in brackets is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = s.IndexOf(':');
            if (colon < 0)
            {
                problem = "no port";
                return false;
            }

            host = s[..colon];
            rest = s[(colon + 1)..];
            if (s.Count(c => c == ':') > 2)
            {
                problem = "too many ':' (an IPv6 address goes in brackets)";
                return false;
            }
        }

        var instanceColon = rest.IndexOf(':');
        var portText = instanceColon < 0 ? rest : rest[..instanceColon];
        var instance = instanceColon < 0 ? null : rest[(instanceColon + 1)..];
        if (portText.Length is 0 or > 5 || !portText.All(char.IsAsciiDigit))
        {
            problem = $"the port '{portText}' is not a number from 1 to 65535";
            return false;
        }

        var port = int.Parse(portText, CultureInfo.InvariantCulture);
        problem = HostProblem(host) ?? PortProblem(port) ?? InstanceProblem(instance);
        if (problem is not null)
        {
            return false;
        }

        destination = new Destination(host, port, instance);
        return true;
    }

    /// <summary>The form <see cref="Parse"/> reads: <c>10.0.0.1:2004:a</c>, <c>[::1]:2003</c>.</summary>
    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        var port = Port.ToString(CultureInfo.InvariantCulture);
        return Instance is null ? $"{host}:{port}" : $"{host}:{port}:{Instance}";
    }

    // Host and instance are restricted to characters that Python's repr() and carbon-c-relay's "'%s'" print alike, so
    // both relays' ring keys (the tuple text "('host', 'instance'):i") are the same bytes for every destination.
    private static string? HostProblem(string host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return "the host is empty";
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
                ? null
                : $"the host '{host}' is neither a name, an IPv4 address nor an IPv6 address";
        }

        return host.Length <= 253 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? null
            : $"the host '{host}' may hold only letters, digits, '.', '-' and '_' (at most 253)";
    }

    private static string? PortProblem(int port) =>
        port is >= 1 and <= 65535 ? null : $"the port {port} is not from 1 to 65535";

    private static string? InstanceProblem(string? instance) =>
        instance is null || (instance.Length is > 0 and <= 64 && instance.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            ? null
            : $"the instance '{instance}' must be 1 to 64 letters, digits, '.', '-' or '_'";
}

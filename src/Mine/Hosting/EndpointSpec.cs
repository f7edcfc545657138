using System.Globalization;
using System.Net;

namespace Mine.Hosting;

/// <summary>Parses listener addresses written as <c>host:port</c>, <c>:port</c>, <c>[v6]:port</c> or <c>off</c>.</summary>
public static class EndpointSpec
{
    /// <summary>Returns null for "off". Throws <see cref="FormatException"/> with a message naming the option.</summary>
    public static IPEndPoint? Parse(string optionName, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        value = value.Trim();
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"--{optionName} '{value}' is not host:port or off (e.g. 127.0.0.1:2003, :2003, [::1]:2003).");
        }

        var host = value[..colon].Trim('[', ']');
        if (host.Length == 0 || host == "*")
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var resolved = Dns.GetHostAddresses(host);
        if (resolved.Length == 0)
        {
            throw new FormatException($"--{optionName}: host '{host}' does not resolve to an address.");
        }

        return new IPEndPoint(resolved[0], port);
    }
}

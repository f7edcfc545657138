using System.Net;
using System.Net.Sockets;

namespace Mine.TestKit.Network;

/// <summary>
/// Ports for servers a test starts, which bind them some seconds later. They are picked at random below Linux's
/// ephemeral range (32768 and up), where no outgoing connection takes one in the meantime (a port the kernel handed out
/// as free was taken by a parallel test's client connection before the server bound it), and never twice in one test
/// host, so parallel tests do not collide.
/// </summary>
public static class FreeTcpPorts
{
    private const int Lowest = 20_000;
    private const int Highest = 32_000;
    private const int Attempts = 10_000;
    private static readonly HashSet<int> Given = [];

    public static int[] Take(int count)
    {
        var ports = new int[count];
        lock (Given)
        {
            var found = 0;
            for (var attempt = 0; found < count && attempt < Attempts; attempt++)
            {
                var port = Random.Shared.Next(Lowest, Highest);
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    ports[found++] = port;
                }
            }

            if (found < count)
            {
                throw new InvalidOperationException($"found only {found} of {count} free ports in {Lowest}-{Highest}");
            }
        }

        return ports;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

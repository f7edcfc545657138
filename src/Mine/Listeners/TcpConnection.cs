using System.Net;
using System.Net.Sockets;

namespace Mine.Listeners;

/// <summary>
/// One accepted TCP connection as its listener tracks it: the socket, the sender's address (the source for caps
/// and the new-series allowance), and when it last waited for or delivered data (for the idle timeout).
/// </summary>
public sealed class TcpConnection(Socket socket, IPAddress address)
{
    private long _lastActivityMs = Environment.TickCount64;
    private volatile bool _receiving;
    private int _closedAsIdle;

    public Socket Socket { get; } = socket;

    public IPAddress Address { get; } = address;

    /// <summary>The source name for the new-series allowance and logs.</summary>
    public string Source { get; } = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();

    public string Remote { get; } = socket.RemoteEndPoint?.ToString() ?? address.ToString();

    /// <summary>True when the idle sweeper closed it (its read then fails; that is not an error).</summary>
    public bool ClosedAsIdle => Volatile.Read(ref _closedAsIdle) == 1;

    /// <summary>Reads, recording the wait: only a connection waiting for its sender can be idle, never one
    /// that Mine stopped reading (back-pressure while storage lags).</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastActivityMs, Environment.TickCount64);
        _receiving = true;
        try
        {
            return await Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _receiving = false;
            Volatile.Write(ref _lastActivityMs, Environment.TickCount64);
        }
    }

    /// <summary>Waits until data (or the end of the stream) arrives without holding a buffer: a zero-byte read.</summary>
    public ValueTask<int> WaitForDataAsync(CancellationToken cancellationToken) => ReceiveAsync(Memory<byte>.Empty, cancellationToken);

    /// <summary>Whether it has been waiting for its sender longer than <paramref name="idleMs"/>.</summary>
    public bool IsIdle(long nowMs, long idleMs) => _receiving && nowMs - Volatile.Read(ref _lastActivityMs) > idleMs;

    /// <summary>Closes it from the sweeper, once; the pending read ends. False if it was closed already.</summary>
    public bool CloseAsIdle()
    {
        if (Interlocked.Exchange(ref _closedAsIdle, 1) == 1)
        {
            return false;
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        Socket.Dispose();
        return true;
    }
}

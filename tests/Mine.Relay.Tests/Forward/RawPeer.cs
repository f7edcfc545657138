using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Mine.Core.Hashing;
using Mine.Relay.Forward;

namespace Mine.Relay.Tests.Forward;

/// <summary>A hand-driven TCP peer for the tests of what a receiver does with bytes no forward client would send.</summary>
internal static class RawPeer
{
    /// <summary>A client hello of this Mine's versions.</summary>
    public static byte[] Hello(byte lowest = ForwardHello.LowestSupported, byte highest = ForwardHello.HighestSupported) =>
        new ForwardHello(lowest, highest, 0, ForwardClient.MaxIncomingFramePayload).ToArray();

    /// <summary>A frame with a correct CRC (so the receiver looks at its contents).</summary>
    public static byte[] Frame(byte type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[12 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        frame[4] = type;
        payload.CopyTo(frame.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), Crc32C.Append(Crc32C.Compute(frame.AsSpan(0, 8)), payload));
        return frame;
    }

    /// <summary>Connects, sends <paramref name="bytes"/>, and reads until the other side closes (or resets) the
    /// connection or <paramref name="seconds"/> pass: what came back, and whether it was closed by then.</summary>
    public static async Task<(byte[] Received, bool Closed)> ExchangeAsync(IPEndPoint endPoint, byte[] bytes, double seconds = 10, bool closeAfterSending = false)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint);
            await socket.SendAsync(bytes);
            if (closeAfterSending)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            return ([], true); // refused before everything was sent
        }

        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return (received.ToArray(), true);
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            return (received.ToArray(), true);
        }
        catch (OperationCanceledException)
        {
            return (received.ToArray(), false);
        }
    }
}

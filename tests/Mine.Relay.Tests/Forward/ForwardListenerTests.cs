using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mine.Relay.Forward;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

public sealed class ForwardListenerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_plaintext_carbon_line_on_the_forward_port_is_refused_at_once_counted_and_named()
    {
        await using var rig = new ForwardRig(output, ForwardRig.FastReceiver with { HandshakeTimeout = TimeSpan.FromSeconds(30) });
        var listener = rig.StartListener();
        var clock = Stopwatch.StartNew();

        var (received, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, "a.b 1 2\n"u8.ToArray());

        Assert.True(closed);
        Assert.Empty(received);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"refused after {clock.Elapsed}, not at once");
        await ForwardRig.WaitUntil(() => listener.Counters.RefusedFor(ForwardRefusal.NotForwardProtocol) == 1, "the refusal is counted");
        Assert.True(rig.Log.Contains("\"a.b 1 2\\n\", which looks like text, such as a plaintext carbon line"));
        Assert.Equal(0, listener.Counters.Sessions);
    }

    [Theory]
    [InlineData(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 }, "TLS")]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ', (byte)'/' }, "HTTP")]
    [InlineData(new byte[] { 0, 0, 0, 40, 0x80, 2, (byte)']' }, "pickle")]
    [InlineData(new byte[] { 0x89, (byte)'M', (byte)'F', (byte)'W', (byte)'X' }, "an unknown protocol")]
    public async Task Other_protocols_on_the_forward_port_are_refused_and_named(byte[] first, string named)
    {
        await using var rig = new ForwardRig(output);
        var listener = rig.StartListener();

        var (_, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, first);

        Assert.True(closed);
        await ForwardRig.WaitUntil(() => listener.Counters.RefusedFor(ForwardRefusal.NotForwardProtocol) == 1, "the refusal is counted");
        Assert.True(rig.Log.Contains(named), $"no log line names {named}");
    }

    [Fact]
    public async Task A_client_of_other_versions_is_told_this_receivers_versions_and_refused()
    {
        await using var rig = new ForwardRig(output);
        var listener = rig.StartListener();

        var (received, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, RawPeer.Hello(7, 9));

        Assert.True(closed);
        Assert.Equal(ForwardHello.Size, received.Length);
        Assert.Equal(ForwardHello.Magic.ToArray(), received[..8]);
        Assert.Equal([1, 1, 0], received[8..11]);
        await ForwardRig.WaitUntil(() => listener.Counters.RefusedFor(ForwardRefusal.VersionMismatch) == 1, "the refusal is counted");
        Assert.True(rig.Log.Contains("speaks forward protocol versions 7 to 9, this Mine 1 to 1"));
    }

    [Fact]
    public async Task A_newer_client_that_also_speaks_version_1_gets_version_1()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();

        var (received, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, RawPeer.Hello(1, 5), seconds: 0.5);

        Assert.False(closed);
        Assert.Equal(1, received[10]);
        Assert.Equal((uint)ForwardReceiverOptions.LargestChunkFrame, BinaryPrimitives.ReadUInt32LittleEndian(received.AsSpan(12)));
    }

    [Fact]
    public async Task A_frame_with_a_bad_CRC_after_the_hello_gets_an_ERROR_frame_and_the_listener_goes_on()
    {
        await using var rig = new ForwardRig(output);
        var listener = rig.StartListener();
        var garbage = RawPeer.Frame(1, new byte[100]);
        garbage[20] ^= 1;

        var (received, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, [.. RawPeer.Hello(), .. garbage]);

        Assert.True(closed);
        var error = received.AsSpan(ForwardHello.Size);
        Assert.Equal((byte)ForwardFrameType.Error, error[4]);
        Assert.Equal((ushort)ForwardErrorCode.ProtocolError, BinaryPrimitives.ReadUInt16LittleEndian(error[12..]));
        Assert.Contains("fails its CRC", Encoding.UTF8.GetString(error[14..]), StringComparison.Ordinal);
        await ForwardRig.WaitUntil(() => listener.Counters.ProtocolErrors == 1, "the protocol error is counted");
        await AssertStillStoresAsync(rig);
    }

    [Theory]
    [InlineData(2, 20, "never receives")]       // an ACK to the receiver
    [InlineData(77, 0, "type 77")]               // an unknown type
    [InlineData(1, 10, "shorter than its 16-byte chunk id")]
    public async Task Frames_no_client_sends_are_protocol_errors(byte type, int length, string reason)
    {
        await using var rig = new ForwardRig(output);
        var listener = rig.StartListener();

        var (received, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, [.. RawPeer.Hello(), .. RawPeer.Frame(type, new byte[length])]);

        Assert.True(closed);
        Assert.Contains(reason, Encoding.UTF8.GetString(received.AsSpan(ForwardHello.Size + 14)), StringComparison.Ordinal);
        await ForwardRig.WaitUntil(() => listener.Counters.ProtocolErrors == 1, "the protocol error is counted");
        await AssertStillStoresAsync(rig);
    }

    [Fact]
    public async Task A_frame_over_the_limit_is_refused_from_its_header_without_reading_it()
    {
        await using var rig = new ForwardRig(output);
        var listener = rig.StartListener();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(header, uint.MaxValue);
        header[4] = 1;

        var (received, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, [.. RawPeer.Hello(), .. header]);

        Assert.True(closed);
        Assert.Equal((ushort)ForwardErrorCode.FrameTooLarge, BinaryPrimitives.ReadUInt16LittleEndian(received.AsSpan(ForwardHello.Size + 12)));
        await ForwardRig.WaitUntil(() => listener.Counters.ProtocolErrors == 1, "the protocol error is counted");
    }

    [Fact]
    public async Task A_client_that_sends_no_hello_is_closed_after_the_handshake_timeout()
    {
        await using var rig = new ForwardRig(output, ForwardRig.FastReceiver with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        var listener = rig.StartListener();

        var (_, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, ForwardHello.Magic[..4].ToArray());

        Assert.True(closed);
        await ForwardRig.WaitUntil(() => listener.Counters.RefusedFor(ForwardRefusal.HandshakeTimeout) == 1, "the refusal is counted");
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_reset_at_once_and_counted()
    {
        await using var rig = new ForwardRig(output);
        var listener = rig.StartListener(maxConnections: 2);
        using var first = await ConnectWithHelloAsync(rig.EndPoint);
        using var second = await ConnectWithHelloAsync(rig.EndPoint);
        await ForwardRig.WaitUntil(() => listener.Counters.Sessions == 2, "two sessions are open");

        var (_, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, RawPeer.Hello());

        Assert.True(closed);
        Assert.Equal(1, listener.Counters.RefusedFor(ForwardRefusal.ListenerFull));
        Assert.True(rig.Log.Contains("holds its maximum of 2 connections"));
    }

    [Fact]
    public async Task A_second_listener_on_a_port_in_use_fails_to_start_saying_so()
    {
        await using var rig = new ForwardRig(output);
        rig.StartListener();
        using var other = new TempDirectory();
        using var dedup = DedupWindow.Open(other.Path);
        await using var second = new ForwardListener(rig.EndPoint, new ForwardReceiverContext(rig.Store, dedup));

        var refusal = Assert.Throws<InvalidOperationException>(second.Start);

        Assert.Contains($"Cannot listen for forwarded chunks on tcp {rig.EndPoint}", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_wrapper_runs_before_the_hello_and_its_refusals_are_counted()
    {
        var wrapped = 0;
        await using var rig = new ForwardRig(output, ForwardRig.FastReceiver with
        {
            WrapStream = (stream, peer, _) =>
            {
                Assert.StartsWith("127.0.0.1:", peer, StringComparison.Ordinal);
                return Interlocked.Increment(ref wrapped) == 1
                    ? throw new IOException("the peer's certificate is not signed by the CA")
                    : ValueTask.FromResult(stream);
            },
        });
        var listener = rig.StartListener();

        var (_, closed) = await RawPeer.ExchangeAsync(rig.EndPoint, RawPeer.Hello());

        Assert.True(closed);
        await ForwardRig.WaitUntil(() => listener.Counters.RefusedFor(ForwardRefusal.TransportFailed) == 1, "the refusal is counted");
        await AssertStillStoresAsync(rig);
        Assert.Equal(2, wrapped);
    }

    private static async Task AssertStillStoresAsync(ForwardRig rig)
    {
        var canary = TestChunks.Make(4242);
        var source = new FakeChunkSource([canary]);
        rig.StartClient(source);
        await source.AllDone(TimeSpan.FromSeconds(20));
        Assert.Equal(1, rig.Store.StoreCounts[canary.Id]);
    }

    private static async Task<Socket> ConnectWithHelloAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint);
        await socket.SendAsync(RawPeer.Hello());
        var hello = new byte[ForwardHello.Size];
        await socket.ReceiveAsync(hello);
        return socket;
    }
}

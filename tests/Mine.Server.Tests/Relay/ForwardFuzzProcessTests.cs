using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mine.Core.Hashing;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;
using Mine.Server.Tests.Process;
using Xunit.Abstractions;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// Garbage through the whole path into a real <c>mine serve --forward-listen</c>: random bytes, hellos cut short,
/// a valid hello and then random frames, valid frames around random chunks. After each, a canary (the library's
/// <see cref="ForwardClient"/> on a new connection, one good chunk) must be acknowledged, stored and readable through
/// /render; serve must stay healthy, count what it refused, and log no unexpected error. The cases come from a seed
/// printed on failure (<c>MINE_FORWARD_FUZZ_SEED</c> replays one).
/// </summary>
public sealed class ForwardFuzzProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 160;
    private const int FrameHeaderSize = 12;
    private static readonly byte[] Magic = [0x89, (byte)'M', (byte)'F', (byte)'W', (byte)'D', 0x0D, 0x0A, 0x1A];
    private readonly string _root = Directory.CreateTempSubdirectory("mine-relay-fuzz-").FullName;
    private readonly long _time = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 600;

    public void Dispose() => RelayE2E.DeleteQuietly(_root);

    [Fact]
    public async Task Garbage_on_the_forward_port_never_harms_serve_and_a_good_chunk_after_each_is_stored_and_readable()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MINE_FORWARD_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        output.WriteLine($"MINE_FORWARD_FUZZ_SEED={seed}");
        var random = new Random(seed);
        var forward = RelayLauncher.FreePort();
        using var serve = await MineProcess.StartAsync(Path.Combine(_root, "data"), settings: new Dictionary<string, string> { ["MINE__FORWARDLISTEN"] = $"127.0.0.1:{forward}" });

        for (var i = 0; i < Cases; i++)
        {
            var how = "";
            var garbage = (i % 4) switch
            {
                0 => RandomBytes(random),
                1 => TruncatedHello(random),
                2 => [.. Hello(), .. RandomFrames(random)],
                _ => [.. Hello(), .. ChunkFrame(RandomChunk(random, out how))],
            };
            var what = $"case {i} of seed {seed} ({(i % 4) switch { 0 => "random bytes", 1 => "a hello cut short", 2 => "random frames", _ => how }}): {Convert.ToHexString(garbage.AsSpan(0, Math.Min(64, garbage.Length)))}…";

            Assert.True(await SendAndCloseAsync(forward, garbage), $"{what}: serve did not close the connection after the input ended");
            await SendCanaryAsync(serve, forward, i, what);
            Assert.True((await serve.Http.GetAsync("/health")).IsSuccessStatusCode, $"{what}: serve unhealthy\n{serve.Output}");
        }

        var page = await serve.Http.GetStringAsync("/_internal/metrics");
        double Metric(string name) => RelayLauncher.Metric(page, name);
        output.WriteLine(string.Join('\n', page.Split('\n').Where(l => l.StartsWith("mine_forward_", StringComparison.Ordinal) || l.StartsWith("mine_tls", StringComparison.Ordinal))));
        Assert.True(Metric("mine_forward_refused_total{reason=\"NotForwardProtocol\"}") > 0);
        Assert.True(Metric("mine_forward_refused_total{reason=\"ClosedEarly\"}") > 0);
        Assert.True(Metric("mine_forward_protocol_errors_total") > 0);
        Assert.True(Metric("mine_forward_chunks_damaged_total") > 0);
        Assert.True(Metric("mine_forward_chunks_stored_total") >= Cases);
        Assert.True(Metric("mine_forward_connections_total") >= 2 * Cases);
        Assert.DoesNotContain("connection failed", serve.Output, StringComparison.Ordinal); // the receiver's unexpected-error line
        Assert.DoesNotContain("Unhandled exception", serve.Output, StringComparison.Ordinal);
    }

    private static byte[] Hello() => new ForwardHello(ForwardHello.LowestSupported, ForwardHello.HighestSupported, 0, 65536).ToArray();

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 2048)];
        random.NextBytes(bytes);
        if (random.Next(4) == 0)
        {
            Magic.AsSpan(0, random.Next(1, Magic.Length)).CopyTo(bytes); // starts like a hello, then is not one
        }

        return bytes;
    }

    /// <summary>The first 1 to 15 bytes of a hello (sometimes with a byte changed), then the connection closes.</summary>
    private static byte[] TruncatedHello(Random random)
    {
        var hello = Hello().AsSpan(0, random.Next(1, ForwardHello.Size)).ToArray();
        if (random.Next(3) == 0)
        {
            hello[random.Next(hello.Length)] ^= (byte)random.Next(1, 256);
        }

        return hello;
    }

    /// <summary>Frames of any type, size and content; most with a valid CRC (so the receiver looks inside), some
    /// with a length far over what it announced.</summary>
    private static byte[] RandomFrames(Random random)
    {
        var frames = new List<byte>();
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            var payload = new byte[random.Next(0, 300)];
            random.NextBytes(payload);
            var frame = Frame((byte)random.Next(0, 8), payload);
            switch (random.Next(6))
            {
                case 0:
                    frame[8] ^= 0x5A; // CRC off
                    break;
                case 1:
                    BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)random.Next(70 << 20, int.MaxValue)); // over the limit
                    break;
            }

            frames.AddRange(frame);
        }

        return [.. frames];
    }

    /// <summary>A chunk that is not a good one, in one of the ways a chunk can be bad behind a valid frame CRC.</summary>
    private static byte[] RandomChunk(Random random, out string how)
    {
        var noise = new byte[random.Next(0, 600)];
        random.NextBytes(noise);
        switch (random.Next(5))
        {
            case 0:
                how = "random bytes";
                return noise;
            case 1:
                how = "a chunk header with a valid CRC over a random body";
                var header = new byte[ChunkPayload.HeaderSize + noise.Length];
                "MRCK"u8.CopyTo(header);
                (header[4], header[5]) = (ChunkPayload.Version, ChunkPayload.CodecZstd);
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)random.Next(0, 1000));
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)random.Next(0, 64 << 20));
                noise.CopyTo(header.AsSpan(ChunkPayload.HeaderSize));
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), Crc32C.Compute(noise));
                return header;
            case 2:
                how = "random records, sealed";
                return ChunkPayload.Seal(noise, random.Next(1, 5));
            case 3:
                how = "a good chunk with a byte flipped";
                var flipped = GoodChunk("fuzz.flipped", 1);
                flipped[random.Next(flipped.Length)] ^= (byte)random.Next(1, 256);
                return flipped;
            default:
                how = "good records under a wrong point count";
                var records = new ArrayBufferWriter<byte>();
                ChunkRecords.Write(records, "fuzz.miscounted"u8, 1_700_000_000, 1);
                return ChunkPayload.Seal(records.WrittenSpan, 2);
        }
    }

    private static byte[] GoodChunk(string name, double value, long time = 1_700_000_000)
    {
        var records = new ArrayBufferWriter<byte>();
        ChunkRecords.Write(records, Encoding.UTF8.GetBytes(name), time, value);
        return ChunkPayload.Seal(records.WrittenSpan, 1);
    }

    private static byte[] ChunkFrame(byte[] chunk)
    {
        var id = new byte[ChunkId.Size];
        ChunkId.New(DateTimeOffset.UtcNow).Write(id);
        return Frame(1, [.. id, .. chunk]);
    }

    /// <summary>A frame with a correct CRC.</summary>
    private static byte[] Frame(byte type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[FrameHeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        frame[4] = type;
        payload.CopyTo(frame.AsSpan(FrameHeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), Crc32C.Append(Crc32C.Compute(frame.AsSpan(0, 8)), payload));
        return frame;
    }

    /// <summary>Sends, closes the sending side, reads until serve closes (or resets) the connection; false when it
    /// is still open after 5 s.</summary>
    private static async Task<bool> SendAndCloseAsync(int port, byte[] bytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.SendAsync(bytes);
            socket.Shutdown(SocketShutdown.Send);
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true; // reset: closed too
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One good chunk through the library's forward client on a new connection: acknowledged as stored
    /// within 20 s, and its point readable through /render.</summary>
    private async Task SendCanaryAsync(MineProcess serve, int port, int index, string what)
    {
        var name = $"fuzz.canary.c{index}";
        var value = index + 0.5;
        var chunk = GoodChunk(name, value, _time);
        using var source = new OneChunk(new QueuedChunk(ChunkId.New(DateTimeOffset.UtcNow), chunk, 1));
        var client = new ForwardClient($"127.0.0.1:{port}", source, ForwardTcp.Connector("127.0.0.1", port));
        using var stopping = new CancellationTokenSource();
        var running = client.RunAsync(stopping.Token);
        try
        {
            await source.Done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what}: the canary was not acknowledged ({client.Status().LastError})\n{serve.Output}");
        }
        finally
        {
            await stopping.CancelAsync();
            await running;
        }

        var rendered = await RelayE2E.RenderAsync(serve.Http, name, _time - 60, _time + 60);
        Assert.True(rendered.TryGetValue(name, out var points) && points.TryGetValue(_time, out var got) && got == value,
            $"{what}: the canary {name} was acknowledged but does not read back");
    }

    /// <summary>A chunk source of one chunk; released, it is handed out again.</summary>
    private sealed class OneChunk(QueuedChunk chunk) : IChunkSource, IDisposable
    {
        private readonly SemaphoreSlim _available = new(1);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<QueuedChunk> NextAsync(CancellationToken cancellationToken)
        {
            await _available.WaitAsync(cancellationToken);
            return chunk;
        }

        public void Acknowledge(ChunkId id) => Done.TrySetResult();

        public void Release(ChunkId id) => _available.Release();

        public void Reject(ChunkId id, string reason) => Done.TrySetException(new InvalidOperationException($"the canary was refused: {reason}"));

        public void Dispose() => _available.Dispose();
    }
}

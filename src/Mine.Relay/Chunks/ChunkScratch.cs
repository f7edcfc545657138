using System.Buffers;

namespace Mine.Relay.Chunks;

/// <summary>
/// Scratch arrays of chunk size (records, the compressor's worst case, a received frame: up to ~64 MB). A pool of
/// their own, a few arrays per size: the shared pool keeps one per thread as well as per core, and the thread-pool
/// threads that seal, open and receive chunks one after another would each keep a 16 MB array for good — a relay's
/// memory then grew through an outage.
/// </summary>
internal static class ChunkScratch
{
    public static ArrayPool<byte> Pool { get; } = ArrayPool<byte>.Create(128 * 1024 * 1024, 4);
}

namespace Mine.Relay.Chunks;

/// <summary>A sealed chunk waiting in the buffer for one destination: its id, its bytes (<see cref="ChunkPayload"/>)
/// and how many points it holds.</summary>
public sealed record QueuedChunk(ChunkId Id, ReadOnlyMemory<byte> Payload, int Points);

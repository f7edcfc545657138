using Mine.Core.Series;
using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>A chunk a receiver has read and opened: its points, or why it does not open.</summary>
internal sealed record ReceivedChunk(ChunkId Id, PointBatch? Points, string? Damage);

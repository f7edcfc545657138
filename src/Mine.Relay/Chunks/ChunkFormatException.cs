namespace Mine.Relay.Chunks;

/// <summary>A chunk (from a buffer file or from the network) that does not follow docs/relay.md's formats.</summary>
public sealed class ChunkFormatException(string message) : Exception(message);

namespace Mine.Relay.Buffer;

/// <summary>What the in-memory index keeps of a queued chunk: its size on disk and its points. Never its payload,
/// so memory does not grow with the backlog's bytes (10 GB of 1 MiB chunks is 10,000 entries).</summary>
internal readonly record struct QueuedEntry(long Bytes, int Points);

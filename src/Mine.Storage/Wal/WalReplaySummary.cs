namespace Mine.Storage.Wal;

/// <summary>Receives one replayed record. The payload span is only valid during the call.</summary>
public delegate void WalRecordHandler(byte recordType, ReadOnlySpan<byte> payload);

/// <summary>What <see cref="WalReader.Replay"/> found.</summary>
/// <param name="Segments">Segment files read.</param>
/// <param name="Records">Records handed to the callback.</param>
/// <param name="Bytes">Segment bytes kept (headers and records).</param>
/// <param name="FirstSegment">Lowest segment number, or -1 when there were none.</param>
/// <param name="LastSegment">Highest segment number, or -1 when there were none.</param>
/// <param name="RepairedSegments">Segments that were cut back to their last good record.</param>
/// <param name="BytesDiscarded">Bytes cut off by those repairs.</param>
public sealed record WalReplaySummary(
    int Segments,
    long Records,
    long Bytes,
    long FirstSegment,
    long LastSegment,
    int RepairedSegments,
    long BytesDiscarded)
{
    public bool Repaired => RepairedSegments > 0;
}

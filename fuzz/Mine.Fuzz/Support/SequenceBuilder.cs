using System.Buffers;

namespace Mine.Fuzz.Support;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, as System.IO.Pipelines hands data to a reader.</summary>
public static class SequenceBuilder
{
    /// <summary>The bytes cut into segments of <paramref name="segmentLength"/> (the last one shorter).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, int segmentLength)
    {
        if (data.Length <= segmentLength)
        {
            return new ReadOnlySequence<byte>(data);
        }

        var first = new Segment(data[..segmentLength], 0);
        var last = first;
        for (var at = segmentLength; at < data.Length; at += segmentLength)
        {
            last = last.Append(data[at..Math.Min(data.Length, at + segmentLength)]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

using System.Buffers;
using Mine.Core.Series;
using Mine.Fuzz.Support;
using Mine.Protocols.Pickle;

namespace Mine.Fuzz.Targets.Protocols;

/// <summary>
/// Graphite pickle (<see cref="PickleFrameDecoder"/> + <see cref="PickleParser"/>): the input is what a TCP
/// connection sent, length-prefixed frames back to back. Each complete frame is unpickled; the span and the
/// multi-segment (pipelines) forms of both the decoder and the parser must agree. When the input does not start
/// with a whole frame, it is also unpickled as one bare payload, so the unpickler is fuzzed even while the
/// length prefix is wrong. Items must land in exactly one counter and accepted names pass
/// <see cref="MetricNames.Check"/>. Neither component documents an exception.
/// </summary>
public sealed class PickleTarget : FuzzTarget
{
    private const long Now = 1_700_000_000;

    public override string Name => "pickle";

    public override string Description => "Graphite pickle stream (u32 length + pickle, repeated) -> PickleFrameDecoder + PickleParser";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var frames = 0;
        var remaining = bytes.AsSpan();
        var sequence = SequenceBuilder.Split(bytes, 1 + (bytes.Length % 7));
        while (true)
        {
            var status = PickleFrameDecoder.TryReadFrame(remaining, out var payload, out var frameLength);
            var sequenceStatus = PickleFrameDecoder.TryReadFrame(ref sequence, out var sequencePayload);
            Invariant.Check(status == sequenceStatus, $"span decoder says {status}, sequence decoder {sequenceStatus}");
            if (status != PickleFrameStatus.Complete)
            {
                Invariant.Check(frameLength == 0 && payload.IsEmpty, "an incomplete frame reported a payload");
                break;
            }

            Invariant.Check(frameLength == PickleFrameDecoder.HeaderLength + payload.Length, "frame length != header + payload");
            Invariant.Check(payload.Length <= PickleFrameDecoder.MaxFrameBytes, "a frame over the size limit was accepted");
            Invariant.Check(sequencePayload.ToArray().AsSpan().SequenceEqual(payload), "the decoders returned different payloads");
            ParseBothWays(payload, sequencePayload);
            remaining = remaining[frameLength..];
            frames++;
        }

        if (frames == 0 && !input.IsEmpty)
        {
            ParseBothWays(input, SequenceBuilder.Split(bytes, 1 + (bytes.Length % 5)));
        }
    }

    private static void ParseBothWays(ReadOnlySpan<byte> payload, in ReadOnlySequence<byte> sequencePayload)
    {
        var batch = new PointBatch(16);
        var counters = new PickleCounters();
        var accepted = PickleParser.ParsePayload(payload, Now, batch, ref counters);
        Check(batch, counters, accepted);

        var sequenceBatch = new PointBatch(16);
        var sequenceCounters = new PickleCounters();
        var sequenceAccepted = PickleParser.ParsePayload(sequencePayload, Now, sequenceBatch, ref sequenceCounters);
        Invariant.Check(
            accepted == sequenceAccepted && counters.Items == sequenceCounters.Items && counters.Accepted == sequenceCounters.Accepted
            && counters.Invalid == sequenceCounters.Invalid && sequenceBatch.Count == batch.Count,
            "parsing the payload as a span and as a multi-segment sequence gave different results");
        for (var i = 0; i < batch.Count; i++)
        {
            Invariant.Check(batch.Name(i).SequenceEqual(sequenceBatch.Name(i)) && batch.Timestamp(i) == sequenceBatch.Timestamp(i),
                $"point {i} differs between span and sequence parsing");
        }
    }

    private static void Check(PointBatch batch, in PickleCounters counters, bool accepted)
    {
        Invariant.Check(counters.Frames == 1, "one payload must count one frame");
        Invariant.Check(accepted == (counters.FramesRejected == 0), "the return value disagrees with FramesRejected");
        Invariant.Check(accepted || (counters.Items == 0 && batch.Count == 0), "a rejected frame added items");
        Invariant.Check(accepted || !string.IsNullOrEmpty(counters.LastFrameError), "a rejected frame has no error message");
        Invariant.Check(counters.Items == counters.Accepted + counters.Invalid + counters.NanDropped,
            $"items {counters.Items} != accepted {counters.Accepted} + invalid {counters.Invalid} + nan {counters.NanDropped}");
        Invariant.Check(batch.Count == counters.Accepted, $"batch holds {batch.Count} points, {counters.Accepted} accepted");
        for (var i = 0; i < batch.Count; i++)
        {
            var problem = MetricNames.Check(batch.Name(i));
            Invariant.Check(problem == MetricNameProblem.None,
                $"accepted name {Hex.Describe(batch.Name(i), 256)} fails MetricNames.Check: {problem}");
            Invariant.Check(!double.IsNaN(batch.Value(i)), "a NaN value was accepted");
        }
    }
}

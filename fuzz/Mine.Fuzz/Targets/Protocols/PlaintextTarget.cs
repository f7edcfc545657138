using Mine.Core.Series;
using Mine.Fuzz.Support;
using Mine.Protocols.Graphite;

namespace Mine.Fuzz.Targets.Protocols;

/// <summary>
/// Graphite plaintext (<see cref="PlaintextParser.ParseLines"/>): the input is what a TCP connection sent. It is
/// parsed whole, then again as a listener receives it, in chunks split at points taken from the input itself;
/// both must give the same points and counters. Every accepted name must pass <see cref="MetricNames.Check"/>,
/// every line must land in exactly one counter, and the listener never has to hold more than one line's worth.
/// The parser documents no exception at all.
/// </summary>
public sealed class PlaintextTarget : FuzzTarget
{
    private const long Now = 1_700_000_000;

    public override string Name => "plaintext";

    public override string Description => "Graphite plaintext stream -> PlaintextParser.ParseLines (whole and split)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var whole = new PointBatch(16);
        var wholeCounters = new PlaintextCounters { Sample = new RejectedInputSample() };
        var consumed = PlaintextParser.ParseLines(input, isFinalBlock: true, Now, whole, ref wholeCounters);
        Invariant.Check(consumed == input.Length, $"a final block consumed {consumed} of {input.Length} bytes");
        CheckCounters(whole, wholeCounters);
        _ = wholeCounters.Sample!.Describe();

        // One split anywhere, then many chunks of an input-chosen size (as small as a byte).
        var sum = 0;
        foreach (var b in input)
        {
            sum += b;
        }

        CompareSplit(input, whole, wholeCounters, [sum % (input.Length + 1)]);
        var chunk = Math.Max(1 + (sum % 61), input.Length / 256 + 1);
        var cuts = new List<int>();
        for (var at = chunk; at < input.Length; at += chunk)
        {
            cuts.Add(at);
        }

        CompareSplit(input, whole, wholeCounters, cuts);
    }

    private static void CheckCounters(PointBatch batch, in PlaintextCounters counters)
    {
        Invariant.Check(
            counters.Lines == counters.Accepted + counters.Invalid + counters.NanDropped + counters.Blank,
            $"lines {counters.Lines} != accepted {counters.Accepted} + invalid {counters.Invalid} + nan {counters.NanDropped} + blank {counters.Blank}");
        Invariant.Check(batch.Count == counters.Accepted, $"batch holds {batch.Count} points, {counters.Accepted} counted as accepted");
        Invariant.Check(counters.NamesRepaired <= counters.Accepted, "more names repaired than points accepted");
        Invariant.Check(counters.Oversized <= counters.Invalid, "oversized lines not counted as invalid");
        long byReason = 0;
        foreach (var count in (ReadOnlySpan<long>)counters.InvalidByReason)
        {
            byReason += count;
        }

        Invariant.Check(byReason == counters.Invalid, $"invalid by reason adds up to {byReason}, invalid is {counters.Invalid}");
        Invariant.Check(counters.InvalidByReason[(int)RejectReason.None] == 0, "a line was rejected for no reason");
        for (var i = 0; i < batch.Count; i++)
        {
            var problem = MetricNames.Check(batch.Name(i));
            Invariant.Check(problem == MetricNameProblem.None,
                $"accepted name {Hex.Describe(batch.Name(i), 256)} fails MetricNames.Check: {problem}");
            Invariant.Check(batch.Timestamp(i) is >= 0 and <= 253_402_300_799, $"accepted timestamp {batch.Timestamp(i)} out of range");
            Invariant.Check(!double.IsNaN(batch.Value(i)), "a NaN value was accepted");
        }
    }

    /// <summary>Feeds the input in pieces, keeping the unconsumed rest as a listener's receive buffer does.</summary>
    private static void CompareSplit(ReadOnlySpan<byte> input, PointBatch whole, in PlaintextCounters wholeCounters, List<int> cuts)
    {
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters();
        var pending = new List<byte>();
        var previous = 0;
        cuts.Add(input.Length);
        for (var i = 0; i < cuts.Count; i++)
        {
            var last = i == cuts.Count - 1;
            pending.AddRange(input[previous..cuts[i]]);
            previous = cuts[i];
            var buffer = pending.ToArray();
            var consumed = PlaintextParser.ParseLines(buffer, last, Now, batch, ref counters);
            Invariant.Check(consumed >= 0 && consumed <= buffer.Length, $"consumed {consumed} of {buffer.Length}");
            pending.RemoveRange(0, consumed);
            Invariant.Check(pending.Count <= PlaintextParser.MaxLineLength,
                $"the caller must hold {pending.Count} unconsumed bytes, more than one line ({PlaintextParser.MaxLineLength})");
            Invariant.Check(!last || pending.Count == 0, "a final block left bytes unconsumed");
        }

        CheckCounters(batch, counters);
        Invariant.Check(
            counters.Lines == wholeCounters.Lines && counters.Accepted == wholeCounters.Accepted && counters.Invalid == wholeCounters.Invalid
            && counters.NanDropped == wholeCounters.NanDropped && counters.Blank == wholeCounters.Blank
            && counters.Oversized == wholeCounters.Oversized && counters.NamesRepaired == wholeCounters.NamesRepaired
            && counters.InvalidByReason == wholeCounters.InvalidByReason,
            $"split at {string.Join(",", cuts)} counts lines {counters.Lines}/accepted {counters.Accepted}/invalid {counters.Invalid}/blank {counters.Blank}, " +
            $"whole counts {wholeCounters.Lines}/{wholeCounters.Accepted}/{wholeCounters.Invalid}/{wholeCounters.Blank}");
        Invariant.Check(batch.Count == whole.Count, $"split gives {batch.Count} points, whole {whole.Count}");
        for (var i = 0; i < batch.Count; i++)
        {
            Invariant.Check(
                batch.Name(i).SequenceEqual(whole.Name(i)) && batch.Timestamp(i) == whole.Timestamp(i)
                && BitConverter.DoubleToInt64Bits(batch.Value(i)) == BitConverter.DoubleToInt64Bits(whole.Value(i)),
                $"point {i} differs between the split and the whole parse");
        }
    }
}

using FsCheck;
using FsCheck.Fluent;
using Mine.Relay.Buffer;
using Mine.Relay.Chunks;
using static Mine.Relay.Tests.Buffer.BufferPoints;

namespace Mine.Relay.Tests.Buffer;

/// <summary>
/// Random appends, seals, sends, acknowledgements, releases, clean restarts and kills against a model: the set of
/// points appended and not acknowledged. After every step the buffer holds exactly that many points; a chunk handed
/// out holds only such points, none of them in another chunk in flight; at the end every one of them comes out
/// exactly once.
/// </summary>
public sealed class ChunkBufferPropertyTests
{
    private const int Cases = 150;

    private static readonly ChunkBufferOptions Options = new() { ChunkLimitBytes = 600, TotalLimitBytes = 1 << 22 };

    public enum Kind
    {
        Append,
        Tick,
        Next,
        Acknowledge,
        Release,
        Restart,
        Kill,
    }

    public sealed record Step(Kind Kind, int Destination, int Number)
    {
        public override string ToString() => $"{Kind}({Destination},{Number})";
    }

    private static Arbitrary<Step[]> Steps() => Arb.From(Gen.ArrayOf(
        from kind in Gen.Frequency(
            (6, Gen.Constant(Kind.Append)),
            (2, Gen.Constant(Kind.Tick)),
            (4, Gen.Constant(Kind.Next)),
            (3, Gen.Constant(Kind.Acknowledge)),
            (2, Gen.Constant(Kind.Release)),
            (1, Gen.Constant(Kind.Restart)),
            (1, Gen.Constant(Kind.Kill)))
        from destination in Gen.Choose(0, 1)
        from number in Gen.Choose(1, 40)
        select new Step(kind, destination, number)));

    [Fact]
    public void No_sequence_of_appends_acknowledgements_releases_and_restarts_loses_or_duplicates_an_unacknowledged_point()
    {
        Prop.ForAll(Steps(), steps =>
        {
            Run(steps);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    private static void Run(Step[] steps)
    {
        using var folder = new BufferFolder();
        var buffer = folder.Open(Options, "a", "b");
        HashSet<long>[] unacknowledged = [[], []];
        List<(QueuedChunk Chunk, long[] Numbers)>[] inFlight = [[], []];
        long next = 0;
        try
        {
            foreach (var step in steps)
            {
                var d = step.Destination;
                var source = buffer.Source(d);
                switch (step.Kind)
                {
                    case Kind.Append:
                        Append(buffer, next, step.Number, d);
                        unacknowledged[d].UnionWith(Enumerable.Range(0, step.Number).Select(i => next + i));
                        next += step.Number;
                        break;
                    case Kind.Tick:
                        folder.Clock.Advance(TimeSpan.FromSeconds(step.Number % 4));
                        buffer.SealDue();
                        break;
                    case Kind.Next when buffer.Stats(d) is var stats && stats.ChunksQueued > stats.ChunksInFlight:
                        var chunk = Next(source);
                        var numbers = Numbers(chunk);
                        Assert.Equal(numbers.Length, numbers.Distinct().Count());
                        Assert.Subset(unacknowledged[d], numbers.ToHashSet());
                        Assert.DoesNotContain(inFlight[d], f => f.Numbers.Intersect(numbers).Any() || f.Chunk.Id == chunk.Id);
                        inFlight[d].Add((chunk, numbers));
                        break;
                    case Kind.Acknowledge when inFlight[d].Count > 0:
                        var acknowledged = inFlight[d][step.Number % inFlight[d].Count];
                        inFlight[d].Remove(acknowledged);
                        source.Acknowledge(acknowledged.Chunk.Id);
                        unacknowledged[d].ExceptWith(acknowledged.Numbers);
                        break;
                    case Kind.Release when inFlight[d].Count > 0:
                        var released = inFlight[d][step.Number % inFlight[d].Count];
                        inFlight[d].Remove(released);
                        source.Release(released.Chunk.Id);
                        break;
                    case Kind.Restart or Kind.Kill:
                        if (step.Kind == Kind.Restart)
                        {
                            buffer.Dispose();
                        }
                        else
                        {
                            buffer.Abandon();
                        }

                        buffer = folder.Open(Options, "a", "b");
                        inFlight[0].Clear(); // the forward client's connection died with the process
                        inFlight[1].Clear();
                        break;
                }

                for (var i = 0; i < 2; i++)
                {
                    var stats = buffer.Stats(i);
                    Assert.Equal(unacknowledged[i].Count, stats.PointsQueued + stats.PointsStaged);
                }
            }

            for (var i = 0; i < 2; i++)
            {
                foreach (var (chunk, _) in inFlight[i])
                {
                    buffer.Source(i).Release(chunk.Id);
                }
            }

            SealAll(buffer, folder.Clock);
            for (var i = 0; i < 2; i++)
            {
                var remaining = Drain(buffer, i);
                Assert.Equal(remaining.Count, remaining.Distinct().Count());
                Assert.Equal(unacknowledged[i].Order(), remaining.Order());
            }

            Assert.Equal(0, buffer.BytesUsed);
            Assert.Empty(folder.Corrupt("a"));
            Assert.Empty(folder.Corrupt("b"));
        }
        finally
        {
            buffer.Dispose();
        }
    }
}

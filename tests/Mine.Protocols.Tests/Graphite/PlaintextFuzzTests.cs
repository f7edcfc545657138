using FsCheck.Xunit;
using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Graphite.PlaintextTestHarness;

namespace Mine.Protocols.Tests.Graphite;

/// <summary>Hostile and mangled input never throws, never breaks the counters and never yields a bad point.</summary>
public class PlaintextFuzzTests
{
    /// <summary>Bytes that steer random input into the parser's interesting branches.</summary>
    private static readonly byte[] s_alphabet = Bytes.Latin1(
        "0123456789.-+eE_ \t\r\n\n\n;=~!^abcxyznaif\u0000\u0001\u007f\u00c3\u00a9\u00ff\u00ed\u00a0\u0080");

    private static readonly byte[] s_validStream = Bytes.Latin1(
        "servers.web-001.cpu-0.cpu-user 54.321 1779926400\n"
        + "a.b;k2=v2;k1=v1 1e3 -1\r\n"
        + "x.y -Infinity 1779926400.5\n"
        + "n.a.n nan 1779926400\n"
        + "\n"
        + "caf\u00c3\u00a9 1_000 1779926400\n");

    [Property(MaxTest = 300)]
    public void Arbitrary_bytes_never_throw(byte[] input, bool isFinalBlock)
    {
        CheckParse(input ?? [], isFinalBlock);
    }

    [Fact]
    public void Random_bytes_from_an_interesting_alphabet_never_throw()
    {
        var random = new Random(7);
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var input = new byte[random.Next(0, 400)];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = s_alphabet[random.Next(s_alphabet.Length)];
            }

            CheckParse(input, isFinalBlock: random.Next(2) == 0);
        }
    }

    [Fact]
    public void Mutated_valid_streams_never_throw_and_split_consistently()
    {
        var random = new Random(11);
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var input = Mutator.Mutate(s_validStream, random, s_alphabet);
            CheckParse(input, isFinalBlock: true);

            var whole = ParseWhole(input);
            var split = ParseInChunks(input, [random.Next(input.Length + 1)]);
            Assert.Equal(whole.Points, split.Points);
            Assert.Equal(whole.Counters, split.Counters);
        }
    }

    private static void CheckParse(byte[] input, bool isFinalBlock)
    {
        var batch = new PointBatch(16);
        var sample = new RejectedInputSample();
        var counters = new PlaintextCounters { Sample = sample };

        var consumed = PlaintextParser.ParseLines(input, isFinalBlock, Now, batch, ref counters);

        Assert.InRange(consumed, 0, input.Length);
        if (isFinalBlock)
        {
            Assert.Equal(input.Length, consumed);
        }

        AssertInvariants(counters);
        Assert.Equal(counters.Accepted, batch.Count);
        _ = sample.Describe();
        PointAssert.AllStorable(batch, Now);
    }
}

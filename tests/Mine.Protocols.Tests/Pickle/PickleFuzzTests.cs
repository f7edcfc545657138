using FsCheck.Xunit;
using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Pickle;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Pickle.PickleTestHarness;

namespace Mine.Protocols.Tests.Pickle;

/// <summary>
/// Random and mutated frames never throw, never break the counters, and a rejected frame never adds a point.
/// </summary>
public class PickleFuzzTests
{
    /// <summary>Valid frames of every protocol to mutate (all from the fixture tests).</summary>
    private static readonly byte[][] s_seeds =
    [
        PickleFrameDecoderTests.DocTestVector[4..],
        Bytes.FromHex("286c70300a2856612e622e630a70310a2849313730303030303030300a46312e350a7470320a7470330a612856782e790a70340a2849313730303030303030310a4934320a7470350a7470360a612e"),
        Bytes.FromHex("5d710028285805000000612e622e637101284a00f15365473ff8000000000000747102747103285803000000782e797104284a01f153654b2a747105747106652e"),
        Bytes.FromHex("80049530000000000000005d94288c05612e622e63944a00f15365473ff8000000000000869486948c03782e79944a01f153654b2a86948694652e"),
        Bytes.FromHex("286c28532773746174732e6761756765732e77656230312e6c6f6164270a284c313730303030303030304c0a5327302e3735270a74746128532773746174732e636f756e746572732e686974732e72617465270a284c313730303030303030304c0a53273132270a7474612e"),
        Bytes.FromHex("286c70300a2853276361665c7863335c7861392e74656d70270a70310a2849313730303030303030300a5327312e35270a70320a7470330a7470340a6128532269742773220a2849313730303030303030300a4930310a7470350a7470360a612e"),
        Bytes.FromHex("80025d710028580a000000636166c3a92e74656d7071014a00f15365473ff00000000000008671028671035803000000615c6271044a00f153654b02867105867106580b000000782e793b623d323b613d3171074affffffff47400c0000000000008671088671095803000000626967710a4a00f153658a0900000000000000004086710b86710c652e"),
        Bytes.FromHex("80035d710043036b2e627101430a3137303030303030303071024301377103867104867105612e"),
        Bytes.FromHex("80025d7100285803000000612e6271014a00f153654b018671028671036803652e"),
    ];

    /// <summary>Opcode bytes (allowed and forbidden) and small lengths, so random frames get past the first byte.</summary>
    private static readonly byte[] s_alphabet = Bytes.Latin1(
        "()]ea0123NKJMIGFLSTUVXBCqhrjgp.tlu}cR\u0080\u0002\u0004\u0085\u0086\u0087\u0088\u008a\u008b\u008c\u0094\u0095\u0093\n'\\xu\u0000\u0001\u00ff");

    [Property(MaxTest = 300)]
    public void Arbitrary_bytes_never_throw(byte[] payload)
    {
        Check(payload ?? []);
    }

    [Fact]
    public void Random_opcode_soup_never_throws()
    {
        var random = new Random(3);
        for (var iteration = 0; iteration < 5000; iteration++)
        {
            var payload = new byte[random.Next(0, 120)];
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] = s_alphabet[random.Next(s_alphabet.Length)];
            }

            Check(payload);
        }
    }

    [Fact]
    public void Mutated_valid_frames_never_throw()
    {
        var random = new Random(5);
        for (var iteration = 0; iteration < 5000; iteration++)
        {
            var seed = s_seeds[random.Next(s_seeds.Length)];
            Check(Mutator.Mutate(seed, random, s_alphabet));
        }
    }

    [Fact]
    public void The_seeds_themselves_are_valid()
    {
        foreach (var seed in s_seeds)
        {
            var (unpickled, points, counters) = Parse(seed);
            Assert.True(unpickled, counters.LastFrameError);
            Assert.NotEmpty(points);
        }
    }

    private static void Check(byte[] payload)
    {
        var batch = new PointBatch(16);
        batch.Add("pre.existing"u8, 1, 1); // a rejected frame must leave earlier points alone, too
        var counters = new PickleCounters { Sample = new RejectedInputSample() };

        var unpickled = PickleParser.ParsePayload(payload, Now, batch, ref counters);

        Assert.Equal(counters.Items, counters.Accepted + counters.Invalid + counters.NanDropped);
        Assert.Equal(1 + counters.Accepted, batch.Count);
        Assert.Equal(unpickled ? 0 : 1, counters.FramesRejected);
        if (!unpickled)
        {
            Assert.Equal(0, counters.Items);
            Assert.False(string.IsNullOrEmpty(counters.LastFrameError));
        }

        PointAssert.AllStorable(batch, Now);
    }
}

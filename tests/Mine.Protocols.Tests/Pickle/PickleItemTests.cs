using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Pickle;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Pickle.PickleTestHarness;

namespace Mine.Protocols.Tests.Pickle;

/// <summary>Within a frame that unpickles, bad items are counted and skipped and good ones kept (carbon's loop).</summary>
public class PickleItemTests
{
    /// <summary>
    /// <c>python3 -c 'import pickle; print(pickle.dumps([("a",(1,2)), ("b",), 5, ("c",(1,)), (1,(1,2)), ("d",(None,1)),
    /// ("e",("x",1)), ("f",(1700000000,"nan")), ("g",(-1,"3")), ("h",(1700000000,True)), ("i",[1700000000, 2.5]),
    /// ["j",(1700000000,1)], ("k",("1700000000"," 7 "))], protocol=P).hex())'</c>
    /// </summary>
    [Theory]
    [InlineData(0, "286c70300a2856610a70310a2849310a49320a7470320a7470330a612856620a70340a7470350a6149350a612856630a70360a2849310a7470370a7470380a612849310a67320a7470390a612856640a7031300a284e49310a747031310a747031320a612856650a7031330a2856780a7031340a49310a747031350a747031360a612856660a7031370a2849313730303030303030300a566e616e0a7031380a747031390a747032300a612856670a7032310a28492d310a56330a7032320a747032330a747032340a612856680a7032350a2849313730303030303030300a4930310a747032360a747032370a612856690a7032380a286c7032390a49313730303030303030300a6146322e350a61747033300a61286c7033310a566a0a7033320a612849313730303030303030300a49310a747033330a616128566b0a7033340a2856313730303030303030300a7033350a562037200a7033360a747033370a747033380a612e")]
    [InlineData(2, "80025d71002858010000006171014b014b0286710286710358010000006271048571054b0558010000006371064b018571078671084b016802867109580100000064710a4e4b0186710b86710c580100000065710d580100000078710e4b0186710f86711058010000006671114a00f1536558030000006e616e711286711386711458010000006771154affffffff580100000033711686711786711858010000006871194a00f153658886711a86711b580100000069711c5d711d284a00f153654740040000000000006586711e5d711f2858010000006a71204a00f153654b018671216558010000006b7122580a00000031373030303030303030712358030000002037207124867125867126652e")]
    public void Skips_bad_items_and_keeps_good_ones(int protocol, string hex)
    {
        var (unpickled, points, counters) = Parse(Bytes.FromHex(hex));

        Assert.True(unpickled, $"protocol {protocol}: {counters.LastFrameError}");
        Assert.Equal(
            [
                new ParsedPoint("a", 1, 2),
                new ParsedPoint("g", Now, 3),
                new ParsedPoint("h", 1700000000, 1),
                new ParsedPoint("i", 1700000000, 2.5),
                new ParsedPoint("j", 1700000000, 1),
                new ParsedPoint("k", 1700000000, 7),
            ],
            points);
        Assert.Equal((13L, 6L, 6L, 1L), (counters.Items, counters.Accepted, counters.Invalid, counters.NanDropped));
    }

    /// <summary>
    /// <c>python3 -c 'import pickle; print(pickle.dumps([(b"k.b",(b"1700000000",b"7"))], protocol=3).hex())'</c>
    /// </summary>
    [Fact]
    public void Accepts_bytes_paths_and_values()
    {
        var (unpickled, points, _) = Parse(Bytes.FromHex("80035d710043036b2e627101430a3137303030303030303071024301377103867104867105612e"));

        Assert.True(unpickled);
        Assert.Equal([new ParsedPoint("k.b", 1700000000, 7)], points);
    }

    /// <summary>
    /// The same tuple referenced twice goes through the memo (BINGET):
    /// <c>python3 -c 'import pickle; t=("a.b",(1700000000,1)); print(pickle.dumps([t,t], protocol=2).hex())'</c>
    /// </summary>
    [Fact]
    public void Follows_memo_references()
    {
        var (unpickled, points, _) = Parse(Bytes.FromHex("80025d7100285803000000612e6271014a00f153654b018671028671036803652e"));

        Assert.True(unpickled);
        Assert.Equal([new ParsedPoint("a.b", 1700000000, 1), new ParsedPoint("a.b", 1700000000, 1)], points);
    }

    /// <summary>Iterating a tuple works in carbon too: <c>pickle.dumps((("a.b",(1700000000,1)),), protocol=2)</c>.</summary>
    [Fact]
    public void Accepts_a_tuple_of_items()
    {
        var (unpickled, points, _) = Parse(Bytes.FromHex("80025803000000612e6271004a00f153654b018671018671028571032e"));

        Assert.True(unpickled);
        Assert.Equal([new ParsedPoint("a.b", 1700000000, 1)], points);
    }

    /// <summary>A list containing itself (<c>l=[]; l.append(l)</c>) is one malformed item, not an endless loop.</summary>
    [Fact]
    public void Survives_a_self_referencing_list()
    {
        var (unpickled, points, counters) = Parse(Bytes.FromHex("80025d71006800612e"));

        Assert.True(unpickled);
        Assert.Empty(points);
        Assert.Equal((1L, RejectReason.BadItemShape), (counters.Invalid, counters.LastRejectReason));
    }

    [Theory]
    [InlineData("X\u0003\u0000\u0000\u0000a\u0001bK\u0001K\u0002\u0086\u0086", RejectReason.BadName)] // control byte
    [InlineData("X\u0003\u0000\u0000\u0000a bK\u0001K\u0002\u0086\u0086", RejectReason.BadName)] // space: not sendable as plaintext
    [InlineData("X\u0000\u0000\u0000\u0000K\u0001K\u0002\u0086\u0086", RejectReason.BadName)] // empty path
    [InlineData("X\u0005\u0000\u0000\u0000a;k=~K\u0001K\u0002\u0086\u0086", RejectReason.BadTag)]
    [InlineData("X\u0001\u0000\u0000\u0000aJ\u00fe\u00ff\u00ff\u00ffK\u0002\u0086\u0086", RejectReason.TimestampOutOfRange)] // -2
    [InlineData("X\u0001\u0000\u0000\u0000aK\u0001X\u0001\u0000\u0000\u0000?\u0086\u0086", RejectReason.BadValue)]
    [InlineData("X\u0001\u0000\u0000\u0000aNK\u0001\u0086\u0086", RejectReason.BadTimestamp)]
    [InlineData("X\u0001\u0000\u0000\u0000aK\u0001]\u0086\u0086", RejectReason.BadValue)]
    [InlineData("X\u0001\u0000\u0000\u0000aK\u0001\u0085\u0086", RejectReason.BadItemShape)]
    public void AppliesThePlaintextRulesToEachItem(string itemOpcodes, RejectReason reason)
    {
        // [item] at protocol 2: PROTO 2, EMPTY_LIST, <item>, APPEND, STOP.
        var payload = Bytes.Latin1("\u0080\u0002]" + itemOpcodes + "a.");

        var (unpickled, points, counters) = Parse(payload);

        Assert.True(unpickled, counters.LastFrameError);
        Assert.Empty(points);
        Assert.Equal((1L, reason), (counters.Invalid, counters.LastRejectReason));
    }

    [Fact]
    public void Records_the_rejected_path_for_logging()
    {
        var sample = new RejectedInputSample();
        var batch = new PointBatch(16);
        var counters = new PickleCounters { Sample = sample };

        PickleParser.ParsePayload(Bytes.Latin1("\u0080\u0002]X\u0003\u0000\u0000\u0000a\u0001bK\u0001K\u0002\u0086\u0086a."), Now, batch, ref counters);

        Assert.Equal("BadName: \"a\\x01b\"", sample.Describe());
    }

    [Fact]
    public void Handles_stack_opcodes_like_Python()
    {
        // PROTO 2; ] DUP POP; MARK N N POP_MARK; MARK POP (pops the mark); N POP; item; APPEND; STOP
        var payload = Bytes.Latin1("\u0080\u0002]20(NN1(0N0X\u0001\u0000\u0000\u0000aK\u0001K\u0002\u0086\u0086a.");

        var (unpickled, points, counters) = Parse(payload);

        Assert.True(unpickled, counters.LastFrameError);
        Assert.Equal([new ParsedPoint("a", 1, 2)], points);
    }

    [Fact]
    public void Reads_numeric_text_arguments_up_to_a_nul_byte_like_CPython()
    {
        // ("a", (1700000000, 7)) where the INT arguments carry junk after a NUL, which C's strtol never sees.
        var payload = Bytes.Latin1("](X\u0001\u0000\u0000\u0000a(I1700000000\u0000junk\nI7\u0000\nttaF1.5\u0000x\n0.");

        var (unpickled, points, counters) = Parse(payload);

        Assert.True(unpickled, counters.LastFrameError);
        Assert.Equal([new ParsedPoint("a", 1700000000, 7)], points);
    }

    [Fact]
    public void A_frame_may_end_exactly_before_an_opcode_argument()
    {
        // FRAME of 2 bytes holds "]K"; K's argument starts exactly at the frame end, which Python's unframer allows.
        var (unpickled, _, counters) = Parse(Bytes.FromHex("8004 95 0200000000000000 5d 4b 01 30 2e"));

        Assert.True(unpickled, counters.LastFrameError);
    }

    [Fact]
    public void A_nested_frame_is_accepted_like_CPython()
    {
        var (unpickled, _, counters) = Parse(Bytes.FromHex("8004 95 0c00000000000000 95 0100000000000000 5d 2e 2e"));

        Assert.True(unpickled, counters.LastFrameError);
    }

    [Fact]
    public void An_empty_appends_ignores_its_target_like_CPython()
    {
        // EMPTY_TUPLE, MARK, APPENDS: CPython returns before checking that the target is a list.
        var (unpickled, points, counters) = Parse(Bytes.FromHex("8002 29 28 65 2e"));

        Assert.True(unpickled, counters.LastFrameError);
        Assert.Empty(points);
    }

    [Fact]
    public void Ignores_bytes_after_stop()
    {
        var (unpickled, points, _) = Parse(Bytes.Latin1("\u0080\u0002].garbage that is never read"));

        Assert.True(unpickled);
        Assert.Empty(points);
    }

    [Fact]
    public void Steady_state_parsing_does_not_allocate()
    {
        var payload = PickleFrameDecoderTests.DocTestVector[4..];
        var batch = new PointBatch(64);
        var counters = new PickleCounters();
        PickleParser.ParsePayload(payload, Now, batch, ref counters); // warm up the per-thread unpickler
        batch.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            PickleParser.ParsePayload(payload, Now, batch, ref counters);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20, batch.Count);
    }
}

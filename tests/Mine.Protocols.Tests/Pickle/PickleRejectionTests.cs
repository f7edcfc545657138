using Mine.Protocols.Pickle;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Pickle.PickleTestHarness;

namespace Mine.Protocols.Tests.Pickle;

/// <summary>Frames that must be refused as a whole, adding nothing.</summary>
public class PickleRejectionTests
{
    /// <summary>
    /// The classic exploit, written by hand: <c>cos\nsystem\n(S'echo pwned'\ntR.</c> calls os.system on load.
    /// </summary>
    [Fact]
    public void Rejects_global_and_reduce_written_by_hand()
    {
        var (unpickled, points, counters) = Parse(Bytes.Latin1("cos\nsystem\n(S'echo pwned'\ntR."));

        Assert.False(unpickled);
        Assert.Empty(points);
        Assert.Equal(1, counters.FramesRejected);
        Assert.Contains("GLOBAL (0x63) at offset 0 is not allowed", counters.LastFrameError);
    }

    /// <summary>
    /// An object whose <c>__reduce__</c> returns <c>(os.system, ("echo pwned",))</c>, after one good item, dumped
    /// (never loaded) with <c>class E: __reduce__ = lambda self: (os.system, ("echo pwned",))</c> and
    /// <c>pickle.dumps([...], protocol=P).hex()</c>. Nothing from the frame may be added, not even the good item.
    /// </summary>
    [Theory]
    [InlineData("8004953a000000000000005d94288c03612e62944a00f153654b01869486948c05706f736978948c0673797374656d9493948c0a6563686f2070776e65649485945294652e", "STACK_GLOBAL")]
    [InlineData("80025d710063706f7369780a73797374656d0a7101580a0000006563686f2070776e65647102857103527104612e", "GLOBAL")]
    [InlineData("286c70300a63706f7369780a73797374656d0a70310a28566563686f2070776e65640a70320a7470330a5270340a612e", "GLOBAL")]
    public void Rejects_reduce_exploits_from_Python(string hex, string opcode)
    {
        var (unpickled, points, counters) = Parse(Bytes.FromHex(hex));

        Assert.False(unpickled);
        Assert.Empty(points);
        Assert.Equal(0, counters.Items);
        Assert.StartsWith($"pickle opcode {opcode} ", counters.LastFrameError);
    }

    /// <summary>Python 3 can only pickle bytes below protocol 3 via <c>_codecs.encode</c>, a GLOBAL; carbon refuses it too.</summary>
    [Fact]
    public void Rejects_protocol_two_bytes_because_they_need_a_global()
    {
        // python3 -c 'import pickle; print(pickle.dumps([(b"k.b",(1700000000,7))], protocol=2).hex())'
        var (unpickled, _, counters) = Parse(Bytes.FromHex(
            "80025d7100635f636f646563730a656e636f64650a710158030000006b2e62710258060000006c6174696e3171038671045271054a00f153654b07867106867107612e"));

        Assert.False(unpickled);
        Assert.Contains("GLOBAL", counters.LastFrameError);
    }

    [Theory]
    [InlineData(0x63, "GLOBAL")]
    [InlineData(0x93, "STACK_GLOBAL")]
    [InlineData(0x52, "REDUCE")]
    [InlineData(0x62, "BUILD")]
    [InlineData(0x69, "INST")]
    [InlineData(0x6f, "OBJ")]
    [InlineData(0x81, "NEWOBJ")]
    [InlineData(0x92, "NEWOBJ_EX")]
    [InlineData(0x82, "EXT1")]
    [InlineData(0x83, "EXT2")]
    [InlineData(0x84, "EXT4")]
    [InlineData(0x50, "PERSID")]
    [InlineData(0x51, "BINPERSID")]
    [InlineData(0x64, "DICT")]
    [InlineData(0x7d, "EMPTY_DICT")]
    [InlineData(0x73, "SETITEM")]
    [InlineData(0x75, "SETITEMS")]
    [InlineData(0x8f, "EMPTY_SET")]
    [InlineData(0x90, "ADDITEMS")]
    [InlineData(0x91, "FROZENSET")]
    [InlineData(0x96, "BYTEARRAY8")]
    [InlineData(0x97, "NEXT_BUFFER")]
    [InlineData(0x98, "READONLY_BUFFER")]
    public void Names_every_forbidden_opcode(byte opcode, string name)
    {
        var (unpickled, _, counters) = Parse([0x80, 0x02, 0x5d, opcode, 0x2e]);

        Assert.False(unpickled);
        Assert.Equal(
            $"pickle opcode {name} (0x{opcode:x2}) at offset 3 is not allowed: only lists, tuples, strings, bytes, numbers, None and booleans are accepted",
            counters.LastFrameError);
    }

    [Theory]
    [InlineData("", "no STOP")] // empty frame
    [InlineData("80025d", "no STOP")]
    [InlineData("8006 5d2e", "unsupported pickle protocol: 6")]
    [InlineData("80024b052e", "holds a Integer")] // pickle.dumps(5): not a list
    [InlineData("80027d71005803000000612e6271014b014b02867102732e", "EMPTY_DICT")] // pickle.dumps({"a.b":(1,2)})
    [InlineData("2e", "underflow")] // STOP on an empty stack
    [InlineData("80024b01612e", "underflow")] // APPEND without a list
    [InlineData("80024b014b02612e", "not a list")] // APPEND to an int
    [InlineData("80025d652e", "could not find MARK")]
    [InlineData("800268052e", "memo value not found at index 5")]
    [InlineData("8002 5d 28 4b01 86 2e", "underflow")] // TUPLE2 may not reach below a MARK
    [InlineData("80024aff2e", "truncated")]
    [InlineData("8002 58 ffffffff 2e", "truncated")] // BINUNICODE longer than the frame
    [InlineData("8002 54 feffffff 2e", "negative byte count")] // BINSTRING length -2
    [InlineData("8002 58 02000000 c328 2e", "not valid UTF-8")]
    [InlineData("8004 95 ff00000000000000 5d2e", "end of frame")]
    [InlineData("8004 95 0300000000000000 5d 4a 00000000 2e", "exhausted before end of frame")] // BININT straddles the frame end
    [InlineData("ff", "invalid pickle opcode 0xff at offset 0")]
    [InlineData("53 61 62 0a 2e", "must be quoted")] // STRING without quotes
    [InlineData("53 27 61 5c 27 0a 2e", "Trailing")] // STRING 'a\'
    [InlineData("53 27 5c 78 34 27 0a 2e", "invalid \\x escape")]
    [InlineData("56 5c 75 31 32 0a 2e", "truncated \\uXXXX")]
    [InlineData("56 5c 55 30 30 31 31 30 30 30 30 0a 2e", "out of range")]
    [InlineData("49 30 38 0a 2e", "INT")] // strtol stops at the 8 and int("08", 0) raises
    [InlineData("46 31 2c 35 0a 2e", "FLOAT")]
    [InlineData("70 2d 31 0a 2e", "memo index")] // PUT -1
    public void RejectsMalformedFrames(string hex, string expectedError)
    {
        var (unpickled, points, counters) = Parse(Bytes.FromHex(hex));

        Assert.False(unpickled);
        Assert.Empty(points);
        Assert.Contains(expectedError, counters.LastFrameError);
    }

    [Fact]
    public void Every_truncation_of_a_valid_frame_is_rejected()
    {
        var payload = PickleFrameDecoderTests.DocTestVector[4..];
        for (var length = 0; length < payload.Length; length++)
        {
            var (unpickled, points, _) = Parse(payload[..length]);

            Assert.False(unpickled, $"length {length}");
            Assert.Empty(points);
        }
    }

    [Fact]
    public void Bounds_the_stack()
    {
        var payload = new byte[Unpickler.MaxStackDepth + 2];
        payload.AsSpan().Fill((byte)'N');
        payload[^1] = (byte)'.';

        var (unpickled, _, counters) = Parse(payload);

        Assert.False(unpickled);
        Assert.Contains("stack exceeds", counters.LastFrameError);
    }

    [Fact]
    public void Bounds_the_marks()
    {
        var payload = new byte[Unpickler.MaxStackDepth + 2];
        payload.AsSpan().Fill((byte)'(');
        payload[^1] = (byte)'.';

        var (unpickled, _, counters) = Parse(payload);

        Assert.False(unpickled);
        Assert.Contains("marks", counters.LastFrameError);
    }

    [Fact]
    public void Bounds_the_memo()
    {
        // N, then LONG_BINPUT with a fresh index each time.
        var payload = new List<byte> { (byte)'N' };
        for (uint i = 0; i <= Unpickler.MaxMemoEntries; i++)
        {
            payload.Add((byte)'r');
            payload.AddRange(BitConverter.GetBytes(i * 7919));
        }

        payload.Add((byte)'.');

        var (unpickled, _, counters) = Parse(payload.ToArray());

        Assert.False(unpickled);
        Assert.Contains("memo exceeds", counters.LastFrameError);
    }

    [Fact]
    public void A_huge_memo_index_does_not_allocate_a_huge_table()
    {
        // ] LONG_BINPUT 0xfffffffe, LONG_BINGET 0xfffffffe, POP, STOP: fine, and cheap.
        var (unpickled, _, counters) = Parse(Bytes.FromHex("5d 72feffffff 6afeffffff 30 2e"));

        Assert.True(unpickled, counters.LastFrameError);
    }

    [Fact]
    public void Deep_nesting_needs_no_recursion()
    {
        // N, then TUPLE1 200,000 times: ((((None,),),),…) is built and inspected without recursion.
        var payload = new byte[200_002];
        payload.AsSpan().Fill(0x85);
        payload[0] = (byte)'N';
        payload[^1] = (byte)'.';

        var (unpickled, points, counters) = Parse(payload);

        Assert.True(unpickled, counters.LastFrameError);
        Assert.Empty(points);
        Assert.Equal(1, counters.Invalid);
    }

    [Fact]
    public void A_frame_that_fails_late_adds_nothing()
    {
        // Two good items appended, then a forbidden opcode before STOP.
        var (unpickled, points, _) = Parse(Bytes.Latin1(
            "\u0080\u0002]X\u0001\u0000\u0000\u0000aK\u0001K\u0002\u0086\u0086aX\u0001\u0000\u0000\u0000bK\u0001K\u0002\u0086\u0086a}."));

        Assert.False(unpickled);
        Assert.Empty(points);
    }
}

using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Pickle.PickleTestHarness;

namespace Mine.Protocols.Tests.Pickle;

/// <summary>
/// Real pickles from CPython 3.11 (and, for statsd, the exact bytes its graphite backend concatenates), committed
/// as hex. The generating command sits above each fixture.
/// </summary>
public class PickleFixtureTests
{
    private static readonly ParsedPoint[] s_simplePoints =
    [
        new("a.b.c", 1700000000, 1.5),
        new("x.y", 1700000001, 42),
    ];

    /// <summary>
    /// <c>python3 -c 'import pickle; print(pickle.dumps([("a.b.c",(1700000000,1.5)),("x.y",(1700000001,42))], protocol=P).hex())'</c>
    /// </summary>
    [Theory]
    [InlineData(0, "286c70300a2856612e622e630a70310a2849313730303030303030300a46312e350a7470320a7470330a612856782e790a70340a2849313730303030303030310a4934320a7470350a7470360a612e")]
    [InlineData(1, "5d710028285805000000612e622e637101284a00f15365473ff8000000000000747102747103285803000000782e797104284a01f153654b2a747105747106652e")]
    [InlineData(2, "80025d7100285805000000612e622e6371014a00f15365473ff80000000000008671028671035803000000782e7971044a01f153654b2a867105867106652e")]
    [InlineData(3, "80035d7100285805000000612e622e6371014a00f15365473ff80000000000008671028671035803000000782e7971044a01f153654b2a867105867106652e")]
    [InlineData(4, "80049530000000000000005d94288c05612e622e63944a00f15365473ff8000000000000869486948c03782e79944a01f153654b2a86948694652e")]
    [InlineData(5, "80059530000000000000005d94288c05612e622e63944a00f15365473ff8000000000000869486948c03782e79944a01f153654b2a86948694652e")]
    public void Parses_every_protocol(int protocol, string hex)
    {
        var (unpickled, points, counters) = Parse(Bytes.FromHex(hex));

        Assert.True(unpickled, $"protocol {protocol}: {counters.LastFrameError}");
        Assert.Equal(s_simplePoints, points);
    }

    [Fact]
    public void Parses_the_doc_test_vector()
    {
        var (unpickled, points, _) = Parse(PickleFrameDecoderTests.DocTestVector[4..]);

        Assert.True(unpickled);
        Assert.Equal(s_simplePoints, points);
    }

    /// <summary>
    /// statsd's backends/graphite.js builds protocol 0 by hand: <c>(l</c>, then per metric
    /// <c>(S'path'\n(L&lt;ts&gt;L\nS'&lt;value&gt;'\ntta</c>, then <c>.</c>; values are strings. Reproduced with
    /// <c>python3 -c "print(('(l' + ''.join(\"(S'%s'\\n(L%dL\\nS'%s'\\ntta\" % m for m in [('stats.gauges.web01.load',1700000000,'0.75'),
    /// ('stats.counters.hits.rate',1700000000,'12'), ('stats.timers.api.upper_90',1700000000,'NaN')]) + '.').encode().hex())"</c>
    /// and checked with <c>pickle.loads</c>.
    /// </summary>
    [Fact]
    public void Parses_statsd_protocol_zero_with_string_values()
    {
        var payload = Bytes.FromHex(
            "286c28532773746174732e6761756765732e77656230312e6c6f6164270a284c313730303030303030304c0a5327302e3735270a7474"
            + "6128532773746174732e636f756e746572732e686974732e72617465270a284c313730303030303030304c0a53273132270a747461"
            + "28532773746174732e74696d6572732e6170692e75707065725f3930270a284c313730303030303030304c0a53274e614e270a7474612e");

        var (unpickled, points, counters) = Parse(payload);

        Assert.True(unpickled, counters.LastFrameError);
        Assert.Equal(
            [new ParsedPoint("stats.gauges.web01.load", 1700000000, 0.75), new ParsedPoint("stats.counters.hits.rate", 1700000000, 12)],
            points);
        Assert.Equal(1, counters.NanDropped);
    }

    /// <summary>
    /// Python 3 at protocol 0 writes str as UNICODE (raw-unicode-escape):
    /// <c>python3 -c 'import pickle; print(pickle.dumps([("stats.gauges.web01.load",(1700000000,"0.75")),("stats.counters.hits.rate",(1700000000,"12"))], protocol=0).hex())'</c>
    /// </summary>
    [Fact]
    public void Parses_Python_protocol_zero_with_string_values()
    {
        var payload = Bytes.FromHex(
            "286c70300a285673746174732e6761756765732e77656230312e6c6f61640a70310a2849313730303030303030300a56302e37350a70320a"
            + "7470330a7470340a61285673746174732e636f756e746572732e686974732e726174650a70350a2849313730303030303030300a563132"
            + "0a70360a7470370a7470380a612e");

        var (unpickled, points, _) = Parse(payload);

        Assert.True(unpickled);
        Assert.Equal(
            [new ParsedPoint("stats.gauges.web01.load", 1700000000, 0.75), new ParsedPoint("stats.counters.hits.rate", 1700000000, 12)],
            points);
    }

    /// <summary>
    /// Non-ASCII, a backslash, a tagged path with timestamp −1 and an int beyond 64 bits:
    /// <c>python3 -c 'import pickle; print(pickle.dumps([("caf\u00e9.temp",(1700000000,1.0)),("a\\b",(1700000000,2)),("x.y;b=2;a=1",(-1,3.5)),("big",(1700000000,2**70))], protocol=P).hex())'</c>
    /// </summary>
    [Theory]
    [InlineData(0, "286c70300a2856636166e92e74656d700a70310a2849313730303030303030300a46312e300a7470320a7470330a612856615c7530303563620a70340a2849313730303030303030300a49320a7470350a7470360a612856782e793b623d323b613d310a70370a28492d310a46332e350a7470380a7470390a6128566269670a7031300a2849313730303030303030300a4c313138303539313632303731373431313330333432344c0a747031310a747031320a612e")]
    [InlineData(1, "5d71002828580a000000636166c3a92e74656d707101284a00f15365473ff0000000000000747102747103285803000000615c627104284a00f153654b0274710574710628580b000000782e793b623d323b613d317107284affffffff47400c000000000000747108747109285803000000626967710a284a00f153654c313138303539313632303731373431313330333432344c0a74710b74710c652e")]
    [InlineData(2, "80025d710028580a000000636166c3a92e74656d7071014a00f15365473ff00000000000008671028671035803000000615c6271044a00f153654b02867105867106580b000000782e793b623d323b613d3171074affffffff47400c0000000000008671088671095803000000626967710a4a00f153658a0900000000000000004086710b86710c652e")]
    [InlineData(4, "8004956f000000000000005d94288c0a636166c3a92e74656d70944a00f15365473ff0000000000000869486948c03615c62944a00f153654b02869486948c0b782e793b623d323b613d31944affffffff47400c000000000000869486948c03626967944a00f153658a0900000000000000004086948694652e")]
    [InlineData(5, "8005956f000000000000005d94288c0a636166c3a92e74656d70944a00f15365473ff0000000000000869486948c03615c62944a00f153654b02869486948c0b782e793b623d323b613d31944affffffff47400c000000000000869486948c03626967944a00f153658a0900000000000000004086948694652e")]
    public void Parses_unicode_tags_now_and_big_integers(int protocol, string hex)
    {
        var (unpickled, points, counters) = Parse(Bytes.FromHex(hex));

        Assert.True(unpickled, $"protocol {protocol}: {counters.LastFrameError}");
        Assert.Equal(
            [
                new ParsedPoint("café.temp", 1700000000, 1.0),
                new ParsedPoint("a\\b", 1700000000, 2),
                new ParsedPoint("x.y;a=1;b=2", Now, 3.5),
                new ParsedPoint("big", 1700000000, 1180591620717411303424.0),
            ],
            points);
    }

    /// <summary>
    /// Python 2 senders (old carbon-relay, Diamond…) write STRING with Python 2 repr escapes. Hand-written, checked with
    /// <c>pickle.loads(data, encoding="utf-8")</c> == [("café.temp", (1700000000, "1.5")), ("it's", (1700000000, True))].
    /// </summary>
    [Fact]
    public void Parses_Python_two_strings_with_escapes()
    {
        var payload = Bytes.FromHex(
            "286c70300a2853276361665c7863335c7861392e74656d70270a70310a2849313730303030303030300a5327312e35270a70320a7470"
            + "330a7470340a6128532269742773220a2849313730303030303030300a4930310a7470350a7470360a612e");

        var (unpickled, points, _) = Parse(payload);

        Assert.True(unpickled);
        Assert.Equal([new ParsedPoint("café.temp", 1700000000, 1.5), new ParsedPoint("it's", 1700000000, 1)], points);
    }

    /// <summary>
    /// <c>python3 -c 'import pickle; print(pickle.dumps([("big.pos",(1700000000,2**64)),("big.neg",(1700000000,-2**63)),
    /// ("big.huge",(1700000000,2**1100)),("small.neg",(1700000000,-5)),("long.ts",(2**40,1))], protocol=P).hex())'</c>
    /// 2**1100 is too big for float() (OverflowError) and 2**40 is past year 9999: both items are invalid.
    /// </summary>
    [Theory]
    [InlineData(0, "286c70300a28566269672e706f730a70310a2849313730303030303030300a4c31383434363734343037333730393535313631364c0a7470320a7470330a6128566269672e6e65670a70340a2849313730303030303030300a4c2d393232333337323033363835343737353830384c0a7470350a7470360a6128566269672e687567650a70370a2849313730303030303030300a4c31333538323938353239303439333835383439323737333531343238333539323636373738363033343933383436393331373434353439373438353139363639373237383133303932373534323431383438373230353339323038333230373536303539323239383537383236323935333834373338333437353033383732353534333233343932393937313135353534383334323830303632383732313838353736333439393430363339303333313738323836343134343136343638303733303736363833373136303532363232333137363531323739383433353737323132393935363535333335353238363033323230333038303338303737353735393733323332303139383938353039343838343030343036393131363132333038343134373837353433373138333635383436373436353134383934383739303535323734343136353337364c0a7470380a7470390a612856736d616c6c2e6e65670a7031300a2849313730303030303030300a492d350a747031310a747031320a6128566c6f6e672e74730a7031330a284c313039393531313632373737364c0a49310a747031340a747031350a612e")]
    [InlineData(2, "80025d71002858070000006269672e706f7371014a00f153658a0900000000000000000186710286710358070000006269672e6e656771044a00f153658a08000000000000008086710586710658080000006269672e6875676571074a00f153658a8a0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000108671088671095809000000736d616c6c2e6e6567710a4a00f153654afbffffff86710b86710c58070000006c6f6e672e7473710d8a060000000000014b0186710e86710f652e")]
    public void Converts_integers_as_float_would(int protocol, string hex)
    {
        var (unpickled, points, counters) = Parse(Bytes.FromHex(hex));

        Assert.True(unpickled, $"protocol {protocol}: {counters.LastFrameError}");
        Assert.Equal(
            [
                new ParsedPoint("big.pos", 1700000000, 18446744073709551616.0),
                new ParsedPoint("big.neg", 1700000000, -9223372036854775808.0),
                new ParsedPoint("small.neg", 1700000000, -5),
            ],
            points);
        Assert.Equal(2, counters.Invalid);
    }
}

using Mine.Relay.Routing;

namespace Mine.Relay.Tests.Routing;

public sealed class DestinationTests
{
    [Theory]
    [InlineData("10.0.0.1:2003", "10.0.0.1", 2003, null)]
    [InlineData("10.0.0.1:2004:a", "10.0.0.1", 2004, "a")]
    [InlineData(" cache-01.dc1:2003:cache_1.x ", "cache-01.dc1", 2003, "cache_1.x")]
    [InlineData("[::1]:2003", "::1", 2003, null)]
    [InlineData("[fe80::1]:65535:b", "fe80::1", 65535, "b")]
    public void Parse_reads_host_port_and_instance(string text, string host, int port, string? instance)
    {
        var destination = Destination.Parse(text);

        Assert.Equal(new Destination(host, port, instance), destination);
        Assert.Equal(text.Trim(), destination.ToString());
    }

    [Theory]
    [InlineData("", "no port")]
    [InlineData("10.0.0.1", "no port")]
    [InlineData("10.0.0.1:", "port ''")]
    [InlineData(":2003", "host is empty")]
    [InlineData("10.0.0.1:0", "port 0")]
    [InlineData("10.0.0.1:65536", "port 65536")]
    [InlineData("10.0.0.1:20x3", "port '20x3'")]
    [InlineData("10.0.0.1:2003:", "instance ''")]
    [InlineData("10.0.0.1:2003:it's", "instance 'it's'")]
    [InlineData("10.0.0.1:2003:a:b", "too many ':'")]
    [InlineData("::1:2003", "IPv6 address goes in brackets")]
    [InlineData("[::1:2003", "followed by ]:PORT")]
    [InlineData("[10.0.0.1]:2003", "not an IPv6 address")]
    [InlineData("host name:2003", "host 'host name'")]
    public void Parse_refuses_bad_input_naming_the_expected_form(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Destination.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected HOST:PORT or HOST:PORT:INSTANCE", error.Message, StringComparison.Ordinal);
        Assert.False(Destination.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_refuses_what_Parse_refuses()
    {
        Assert.Throws<ArgumentException>(() => new Destination("a'b", 2003));
        Assert.Throws<ArgumentException>(() => new Destination("10.0.0.1", 70000));
        Assert.Throws<ArgumentException>(() => new Destination("10.0.0.1", 2003, "a b"));
    }
}

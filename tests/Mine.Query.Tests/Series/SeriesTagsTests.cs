using System.Buffers;
using System.Text;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Tests.Series;

public sealed class SeriesTagsTests
{
    /// <summary>
    /// Expected: <c>json.dumps(dict(TimeSeries(name, 0, 60, 60, [1.0]).tags), ensure_ascii=False)</c> from
    /// graphite-web 1.1.8 (default LocalDatabaseTagDB configured, so names are parsed as in a real render).
    /// </summary>
    [Theory]
    [InlineData("a.b", "{\"name\": \"a.b\"}")]
    [InlineData("a.b;x=y;c=d", "{\"x\": \"y\", \"c\": \"d\", \"name\": \"a.b\"}")]
    [InlineData("a.b;c=d;x=y;c=e", "{\"c\": \"e\", \"x\": \"y\", \"name\": \"a.b\"}")]
    [InlineData("~a.b", "{\"name\": \"a.b\"}")]
    [InlineData("~", "{\"name\": \"~\"}")]
    [InlineData("~~x;k=v", "{\"k\": \"v\", \"name\": \"x\"}")]
    [InlineData(";k=v", "{\"name\": \";k=v\"}")]
    [InlineData("a;k", "{\"name\": \"a;k\"}")]
    [InlineData("a;=v", "{\"name\": \"a;=v\"}")]
    [InlineData("a;k=", "{\"name\": \"a;k=\"}")]
    [InlineData("a;k!=v", "{\"name\": \"a;k!=v\"}")]
    [InlineData("a;k^x=v", "{\"name\": \"a;k^x=v\"}")]
    [InlineData("a;k=~v", "{\"name\": \"a;k=~v\"}")]
    [InlineData("a;k=v~", "{\"k\": \"v~\", \"name\": \"a\"}")]
    [InlineData("a.b;k=v=w", "{\"k\": \"v=w\", \"name\": \"a.b\"}")]
    [InlineData("sumSeries(a.b;k=v)", "{\"name\": \"sumSeries(a.b;k=v)\"}")]
    [InlineData("SUM(x)", "{\"name\": \"SUM(x)\"}")]
    [InlineData("sum()", "{\"name\": \"sum()\"}")]
    [InlineData("a(b)c", "{\"name\": \"a(b)c\"}")]
    [InlineData("alias(a.b, \"x\")", "{\"name\": \"alias(a.b, \\\"x\\\")\"}")]
    [InlineData("foo(a)\n", "{\"name\": \"foo(a)\\n\"}")]
    [InlineData("m{a=\"1\",b=\"x\\\"y\"}", "{\"a\": \"1\", \"b\": \"x\\\"y\", \"name\": \"m\"}")]
    [InlineData("m{a=\"1\"}", "{\"a\": \"1\", \"name\": \"m\"}")]
    [InlineData("{a=\"1\"}", "{\"name\": \"{a=\\\"1\\\"}\"}")]
    [InlineData("m{a=\"1\";b=\"2\"}", "{\"name\": \"m{a=\\\"1\\\";b=\\\"2\\\"}\"}")]
    [InlineData("m{a=\"1\":,b=\"2\"}", "{\"a\": \"1\", \"b\": \"2\", \"name\": \"m\"}")]
    [InlineData("m{a=\"\"}", "{\"name\": \"m{a=\\\"\\\"}\"}")]
    [InlineData("m{a=\"x;y\"}", "{\"name\": \"m{a=\\\"x;y\\\"}\"}")]
    [InlineData("m{a=\"1\"}{\"}", "{\"name\": \"m{a=\\\"1\\\"}{\\\"}\"}")]
    [InlineData("m{a=\"\\\\\"}", "{\"a\": \"\\\\\", \"name\": \"m\"}")]
    public void Parse_matches_graphite_web_time_series_tags(string name, string expectedJson)
    {
        var tags = SeriesTags.Parse(name);
        var output = new ArrayBufferWriter<byte>();
        var json = new PythonJsonWriter(output, ensureAscii: false);
        json.StartObject();
        foreach (var (tag, value) in tags)
        {
            json.WritePropertyName(tag);
            json.WriteString(value);
        }

        json.EndObject();
        Assert.Equal(expectedJson, Encoding.UTF8.GetString(output.WrittenSpan));
    }
}

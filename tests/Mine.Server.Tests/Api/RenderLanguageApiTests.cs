using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Mine.Server.Tests.Api;

/// <summary>/render with functions, templates and the data formats beyond json; /functions and /version.</summary>
public class RenderLanguageApiTests
{
    private static readonly long Start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60 - 3600;

    private static string Range => $"from={Start - 1}&until={Start + 179}";

    private static async Task<MineTestServer> StartWithDataAsync()
    {
        var server = await MineTestServer.StartAsync();
        await server.SendPlaintextAsync($"web.a.load 1 {Start}\nweb.a.load 2 {Start + 60}\nweb.a.load 4 {Start + 120}\nweb.b.load 10 {Start}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 4);
        return server;
    }

    [Theory]
    [InlineData("scale(web.a.load,2)", "scale(web.a.load,2)", "2.0,4.0,8.0")]
    [InlineData("web.a.load|scale(0.5)", "scale(web.a.load,0.5)", "0.5,1.0,2.0")]
    [InlineData("template(scale(web.$host.load,$f),host=\"a\",f=3)", "scale(web.a.load,3)", "3.0,6.0,12.0")]
    public async Task Functions_pipes_and_templates_are_evaluated(string target, string name, string values)
    {
        await using var server = await StartWithDataAsync();
        var raw = await server.Http.GetStringAsync($"/render?target={Uri.EscapeDataString(target)}&format=raw&{Range}");
        Assert.Equal($"{name},{Start},{Start + 180},60|{values}\n", raw);
    }

    [Fact]
    public async Task Template_parameters_come_from_the_request()
    {
        await using var server = await StartWithDataAsync();
        var raw = await server.Http.GetStringAsync($"/render?target={Uri.EscapeDataString("template(web.$host.load)")}&template%5Bhost%5D=b&format=raw&{Range}");
        Assert.StartsWith($"web.b.load,{Start},{Start + 180},60|10.0,None,None", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dygraph_and_rickshaw_have_graphite_web_shapes()
    {
        await using var server = await StartWithDataAsync();
        var dygraph = await server.Http.GetStringAsync($"/render?target=web.*.load&format=dygraph&{Range}");
        Assert.Equal($"{{\"labels\" : [\"Time\", \"web.a.load\", \"web.b.load\"], \"data\" : [[{Start}000, 1.0, 10.0], [{Start + 60}000, 2.0, null], [{Start + 120}000, 4.0, null]]}}", dygraph);
        var rickshaw = await server.Http.GetStringAsync($"/render?target=web.b.load&format=rickshaw&{Range}");
        Assert.Equal($"[{{\"target\": \"web.b.load\", \"datapoints\": [{{\"x\": {Start}, \"y\": 10.0}}, {{\"x\": {Start + 60}, \"y\": null}}, {{\"x\": {Start + 120}, \"y\": null}}]}}]", rickshaw);
    }

    [Fact]
    public async Task Msgpack_holds_graphite_web_series_info()
    {
        await using var server = await StartWithDataAsync();
        var response = await server.Http.GetAsync($"/render?target=web.b.load&format=msgpack&{Range}");
        Assert.Equal("application/x-msgpack", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(0x91, bytes[0]); // array of one
        Assert.Equal(0x89, bytes[1]); // map of nine fields
        Assert.Equal(0xa4, bytes[2]); // fixstr of 4
        Assert.Equal("name"u8.ToArray(), bytes[3..7]);
        Assert.Contains((byte)0xcb, bytes); // float64 values
    }

    [Fact]
    public async Task Pickle_unpickles_in_python_to_graphite_web_series_info()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Fail("python3 is needed to check the pickle format");
        }

        await using var server = await StartWithDataAsync();
        var bytes = await server.Http.GetByteArrayAsync($"/render?target=web.b.load&format=pickle&{Range}");
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", "import pickle,sys,json; print(json.dumps(pickle.loads(sys.stdin.buffer.read())))"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var python = System.Diagnostics.Process.Start(start)!;
        await python.StandardInput.BaseStream.WriteAsync(bytes);
        python.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = await python.StandardOutput.ReadToEndAsync(deadline.Token);
        await python.WaitForExitAsync(deadline.Token);
        Assert.Equal(
            $"[{{\"name\": \"web.b.load\", \"start\": {Start}, \"end\": {Start + 180}, \"step\": 60, \"values\": [10.0, null, null], \"pathExpression\": \"web.b.load\", \"valuesPerPoint\": 1, \"consolidationFunc\": \"average\", \"xFilesFactor\": 0.0}}]\n",
            output);
    }

    [Fact]
    public async Task Functions_endpoint_describes_parameters_like_graphite_web()
    {
        await using var server = await MineTestServer.StartAsync();
        using var all = JsonDocument.Parse(await server.Http.GetStringAsync("/functions"));
        var scale = all.RootElement.GetProperty("scale");
        Assert.Equal("Transform", scale.GetProperty("group").GetString());
        Assert.Equal("scale(seriesList, factor)", scale.GetProperty("function").GetString());
        Assert.Equal("factor", scale.GetProperty("params")[1].GetProperty("name").GetString());
        Assert.Equal("float", scale.GetProperty("params")[1].GetProperty("type").GetString());
        using var grouped = JsonDocument.Parse(await server.Http.GetStringAsync("/functions?grouped=1"));
        Assert.True(grouped.RootElement.GetProperty("Transform").TryGetProperty("scale", out _));
        using var one = JsonDocument.Parse(await server.Http.GetStringAsync("/functions/scale"));
        Assert.Equal("scale", one.RootElement.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/functions/noSuchThing")).StatusCode);
        using var version = await server.Http.GetAsync("/version");
        Assert.Equal("1.1.8\n", await version.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", version.Content.Headers.ContentType?.ToString());
        using var pie = JsonDocument.Parse(await server.Http.GetStringAsync("/functions?type=pie"));
        Assert.Equal(["average", "maximum", "minimum"], pie.RootElement.EnumerateObject().Select(p => p.Name));
    }
}

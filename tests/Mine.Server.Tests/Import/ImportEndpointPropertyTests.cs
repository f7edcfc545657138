using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Mine.Core.Ports;
using Mine.Whisper.Transfer;

namespace Mine.Server.Tests.Import;

/// <summary>
/// Random and damaged import batches through the real <c>POST /_internal/import</c>, each followed by a canary
/// batch that must be accepted and readable: the parser answers 200 or 400, never anything else, and the server
/// keeps importing. FsCheck shrinks a failure to its smallest input.
/// </summary>
public class ImportEndpointPropertyTests
{
    private const int Cases = 60;

    public sealed record Damage(int Cut, (int At, byte Value)[] Changes, byte[] Appended)
    {
        public byte[] Apply(byte[] valid)
        {
            var bytes = valid[..Math.Min(Cut, valid.Length)];
            foreach (var (at, value) in Changes)
            {
                if (bytes.Length > 0)
                {
                    bytes[at % bytes.Length] = value;
                }
            }

            return [.. bytes, .. Appended];
        }

        public override string ToString() => $"cut {Cut}, changes [{string.Join(' ', Changes.Select(c => $"{c.At}={c.Value:x2}"))}], appended {Convert.ToHexString(Appended)}";
    }

    private static Arbitrary<Damage> Damages() => Arb.From(
        from cut in Gen.Frequency((3, Gen.Constant(int.MaxValue)), (1, Gen.Choose(0, 200)))
        from changes in Gen.ArrayOf(Gen.Choose(0, 4096).Zip(Gen.Elements<byte>(0, 1, 2, 7, 8, 9, 0x3f, 0x7f, 0x80, 0xff)))
        from appended in Gen.Frequency((4, Gen.Constant(Array.Empty<byte>())), (1, Gen.ArrayOf(Gen.Elements<byte>(0, 1, 0xff))))
        select new Damage(cut, changes, appended));

    [Fact]
    public async Task Damaged_batches_are_answered_400_or_imported_and_the_server_keeps_importing()
    {
        await using var server = await MineTestServer.StartAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
        var valid = ImportBatchWriter.Write(Batch("prop.base", now, 1));
        var n = 0;
        Prop.ForAll(Damages(), damage =>
        {
            var status = Post(server, damage.Apply(valid));
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"answered {(int)status}");

            var canary = $"canary.import.c{n++}";
            Assert.Equal(HttpStatusCode.OK, Post(server, ImportBatchWriter.Write(Batch(canary, now, n))));
            var json = server.Http.GetStringAsync($"/render?target={canary}&from={now - 300}&until={now}&format=json").GetAwaiter().GetResult();
            using var document = JsonDocument.Parse(json);
            Assert.Contains(document.RootElement[0].GetProperty("datapoints").EnumerateArray(), p => p[0].ValueKind == JsonValueKind.Number && p[0].GetDouble() == n);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);
    }

    private static ImportBatch Batch(string name, long now, double value) => new(ConflictPolicy.Overwrite,
    [
        new ImportSeries(name, new HistoryLayout([new(60, 1440), new(300, 2016)], 1, 0.5),
            [new HistoryPoints(new long[] { now - 120, now - 60 }, new[] { value, value }), new HistoryPoints(new long[] { now - (3 * 86400) }, new[] { 2.5 })]),
    ]);

    private static HttpStatusCode Post(MineTestServer server, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = server.Admin.PostAsync("/_internal/import", content).GetAwaiter().GetResult();
        return response.StatusCode;
    }
}

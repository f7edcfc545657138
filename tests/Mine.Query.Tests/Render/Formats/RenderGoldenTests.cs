using System.Buffers;
using System.Text;
using Mine.Query.Render.Formats;
using Mine.Query.Time;

namespace Mine.Query.Tests.Render.Formats;

/// <summary>Byte-for-byte comparison with graphite-web 1.1.8's render/views.py output (RenderGoldenCases.cs).</summary>
public sealed class RenderGoldenTests
{
    public static TheoryData<string> CaseNames => new(RenderGoldenCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Writer_output_matches_graphite_web(string name)
    {
        var golden = RenderGoldenCases.All.Single(c => c.Name == name);
        var series = golden.Series();
        var output = new ArrayBufferWriter<byte>();
        string contentType;
        switch (golden.Format)
        {
            case "json":
                var options = new JsonRenderOptions
                {
                    MaxDataPoints = golden.MaxDataPoints,
                    NoNullPoints = golden.NoNullPoints,
                    Jsonp = golden.Jsonp,
                    Pretty = golden.Pretty,
                };
                JsonRenderWriter.Write(output, series, options);
                contentType = JsonRenderWriter.ContentType(options);
                break;
            case "csv":
                ConsolidateLikeAFunctionWould(series, golden.MaxDataPoints);
                CsvRenderWriter.Write(output, series, TimeZoneResolver.Resolve(golden.TimeZone));
                contentType = RenderContentTypes.Csv;
                break;
            default:
                ConsolidateLikeAFunctionWould(series, golden.MaxDataPoints);
                RawRenderWriter.Write(output, series);
                contentType = RenderContentTypes.Raw;
                break;
        }

        Assert.Equal(golden.ExpectedBody, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(golden.ExpectedContentType, contentType);
    }

    private static void ConsolidateLikeAFunctionWould(IEnumerable<Mine.Query.Series.TimeSeries> series, int? valuesPerPoint)
    {
        if (valuesPerPoint is { } factor)
        {
            foreach (var item in series)
            {
                item.Consolidate(factor);
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using SkiaSharp;

namespace Mine.Server.Tests.Differential;

/// <summary>Both servers of the differential test, shared by its tests and the gallery.</summary>
[CollectionDefinition(Name)]
public sealed class GraphiteReferenceCollection : ICollectionFixture<DifferentialEnvironment>
{
    public const string Name = "graphite reference";
}

/// <summary>
/// docs/gallery: every request of docs/gallery/requests.txt drawn by Mine (PNG and SVG) and by the real graphite-web
/// (PNG) from the same data, written with an index page to look at them side by side. The images must decode
/// (PNG) or parse (SVG) and have graphite-web's size. Output: $MINE_GALLERY_OUT (docs/gallery/make-gallery.sh sets
/// it to docs/gallery), else "gallery" in $MINE_ARTIFACTS (set by .ci/run: CI's artifacts) or beside the test assembly.
/// </summary>
[Collection(GraphiteReferenceCollection.Name)]
public sealed class GalleryTests(DifferentialEnvironment environment)
{
    public static string RequestsPath => Path.GetFullPath(Path.Combine(DifferentialEnvironment.SourceDirectory, "../../../docs/gallery/requests.txt"));

    public static string OutputDirectory => Environment.GetEnvironmentVariable("MINE_GALLERY_OUT") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetEnvironmentVariable("MINE_ARTIFACTS") is { Length: > 0 } artifacts ? artifacts : AppContext.BaseDirectory, "gallery");

    [GraphiteFact]
    public async Task Gallery_is_drawn_by_both_and_every_image_decodes()
    {
        var servers = await environment.GetAsync();
        var requests = LoadRequests();
        Assert.True(requests.Count >= 20, $"{requests.Count} gallery requests");
        var images = Path.Combine(OutputDirectory, "images");
        Directory.CreateDirectory(images);
        var rows = new List<(GalleryRequest Request, long MineMs, long GraphiteMs)>();
        var failures = new List<string>();
        foreach (var request in requests)
        {
            var query = DifferentialCorpus.ResolveTime(request.Query, servers.Start, servers.End);
            if (!query.Contains("from=", StringComparison.Ordinal))
            {
                query += $"&from={servers.Start}&until={servers.End}";
            }

            var (graphitePng, graphiteMs) = await GetAsync(servers.Graphite, "/render?" + query);
            var (minePng, mineMs) = await GetAsync(servers.Mine, "/render?" + query);
            var (mineSvg, _) = await GetAsync(servers.Mine, "/render?" + query + "&format=svg");
            await File.WriteAllBytesAsync(Path.Combine(images, request.Name + ".graphite.png"), graphitePng);
            await File.WriteAllBytesAsync(Path.Combine(images, request.Name + ".mine.png"), minePng);
            await File.WriteAllBytesAsync(Path.Combine(images, request.Name + ".mine.svg"), mineSvg);
            rows.Add((request, mineMs, graphiteMs));

            using var mine = SKBitmap.Decode(minePng);
            using var graphite = SKBitmap.Decode(graphitePng);
            if (mine is null || graphite is null)
            {
                failures.Add($"{request.Name}: {(mine is null ? "Mine's" : "graphite-web's")} PNG does not decode");
                continue;
            }

            if (mine.Width != graphite.Width || mine.Height != graphite.Height)
            {
                failures.Add($"{request.Name}: Mine drew {mine.Width}x{mine.Height}, graphite-web {graphite.Width}x{graphite.Height}");
            }

            try
            {
                var svg = XDocument.Parse(Encoding.UTF8.GetString(mineSvg));
                if ((string?)svg.Root!.Attribute("width") != $"{mine.Width}px")
                {
                    failures.Add($"{request.Name}: SVG width {(string?)svg.Root!.Attribute("width")}");
                }
            }
            catch (System.Xml.XmlException e)
            {
                failures.Add($"{request.Name}: SVG does not parse: {e.Message}");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(OutputDirectory, "index.html"), IndexPage(rows));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<(byte[] Body, long Milliseconds)> GetAsync(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{http.BaseAddress}{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return (body, clock.ElapsedMilliseconds);
    }

    internal sealed record GalleryRequest(string Name, string Caption, string Query);

    internal static List<GalleryRequest> LoadRequests()
        => File.ReadAllLines(RequestsPath)
            .Where(static l => l.Length > 0 && !l.StartsWith('#'))
            .Select(static l => l.Split(" | ", 3))
            .Select(static p => new GalleryRequest(p[0].Trim(), p[1].Trim(), p[2].Trim()))
            .ToList();

    /// <summary>The gallery page: one row per request, Mine's PNG and SVG beside graphite-web's PNG.</summary>
    private static string IndexPage(List<(GalleryRequest Request, long MineMs, long GraphiteMs)> rows)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Mine graph gallery: Mine and graphite-web side by side</title>
            <style>
              body { font-family: DejaVu Sans, sans-serif; margin: 1.5rem; color: #222; background: #fafafa; }
              table { border-collapse: collapse; }
              td, th { border-top: 1px solid #ddd; padding: .6rem; vertical-align: top; text-align: left; }
              code { font-size: .8rem; word-break: break-all; display: block; max-width: 22rem; }
              img { max-width: 100%; background: white; }
            </style>
            </head>
            <body>
            <h1>Mine graph gallery</h1>
            <p>Each row is one <code style="display:inline">/render</code> request on the same data (the differential test's data set),
            drawn by Mine as PNG and as SVG, and by graphite-web 1.1.8 (Debian) as PNG. Generated by
            <code style="display:inline">docs/gallery/make-gallery.sh</code> from <code style="display:inline">docs/gallery/requests.txt</code>.</p>
            <table>
            <tr><th>Request</th><th>Mine PNG</th><th>Mine SVG</th><th>graphite-web PNG</th></tr>

            """);
        foreach (var (request, _, _) in rows)
        {
            var name = WebUtility.HtmlEncode(request.Name);
            html.Append(CultureInfo.InvariantCulture, $"<tr id=\"{name}\"><td><strong>{WebUtility.HtmlEncode(request.Caption)}</strong><code>{WebUtility.HtmlEncode(request.Query)}</code></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><img src=\"images/{name}.mine.png\" alt=\"Mine PNG: {WebUtility.HtmlEncode(request.Caption)}\"></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><img src=\"images/{name}.mine.svg\" alt=\"Mine SVG: {WebUtility.HtmlEncode(request.Caption)}\"></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><img src=\"images/{name}.graphite.png\" alt=\"graphite-web PNG: {WebUtility.HtmlEncode(request.Caption)}\"></td></tr>\n");
        }

        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }
}

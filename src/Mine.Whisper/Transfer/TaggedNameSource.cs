using System.Net.Http.Json;
using Mine.Whisper.Import;

namespace Mine.Whisper.Transfer;

/// <summary>
/// Where <c>--tag-names</c> finds the names of tagged series carbon stored under their hash: graphite-web's tag
/// database, asked over its HTTP API (<c>/tags/findSeries?expr=name!=</c>, every tagged series it knows, whatever its
/// TAGDB backend), or a file with one name per line (an export of that database).
/// </summary>
public static class TaggedNameSource
{
    public static async Task<TaggedNameTable> LoadAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Uri.TryCreate(source, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps))
        {
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            using var response = await client.GetAsync(new Uri("tags/findSeries?expr=" + Uri.EscapeDataString("name!="), UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new IOException($"graphite-web at {address} answered {(int)response.StatusCode} to /tags/findSeries: {body.Trim()}");
            }

            var names = await response.Content.ReadFromJsonAsync<string[]>(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"graphite-web at {address} answered /tags/findSeries with no list of names");
            return new TaggedNameTable(names);
        }

        return new TaggedNameTable(await File.ReadAllLinesAsync(source, cancellationToken).ConfigureAwait(false));
    }
}

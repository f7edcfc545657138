using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mine.Core.Ports;
using Mine.Whisper.Format;
using Mine.Whisper.Import;
using Mine.Whisper.Reading;

namespace Mine.Whisper.Transfer;

/// <summary>
/// Imports into a running Mine (<c>--to http://host:port</c>): each series is one batch posted to
/// <c>/_internal/import</c>, acknowledged once the server logged its points, so the journal marks a file done only
/// when its points are durable there. Any answer but 200 stops the import with the server's message.
/// </summary>
public sealed class HttpImportTarget : IWhisperImportTarget, IDisposable
{
    private readonly HttpClient _client;

    public HttpImportTarget(Uri server, string? adminToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        _client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(adminToken))
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        }
    }

    public SeriesImportResult Import(string name, WhisperHeader header, IReadOnlyList<ArchivePoints> archives, ConflictPolicy onConflict)
    {
        var series = new ImportSeries(name, HistoryResults.LayoutOf(header), [.. archives.Select(static a => a.AsHistoryPoints())]);
        var body = new ByteArrayContent(ImportBatchWriter.Write(new ImportBatch(onConflict, [series])));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage response;
        try
        {
            response = _client.PostAsync(new Uri("_internal/import", UriKind.Relative), body).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"Mine at {_client.BaseAddress} did not answer ({e.Message}); is it running?", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult().Trim();
                if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
                {
                    throw new IOException($"Mine at {_client.BaseAddress} needs its admin token for imports: give --admin-token, --admin-token-file DATA/admin-token or MINE_ADMIN_TOKEN ({text}).");
                }

                throw new IOException($"Mine at {_client.BaseAddress} refused the import: {(int)response.StatusCode} {text}");
            }

            var answer = response.Content.ReadFromJsonAsync(ImportAnswerJson.Default.ImportAnswer).GetAwaiter().GetResult();
            if (answer is null || answer.Series.Count != 1)
            {
                throw new IOException($"Mine at {_client.BaseAddress} answered the import with something else than one series' counts.");
            }

            return HistoryResults.ToSeriesResult(answer.Series[0].ToResult());
        }
    }

    public void Dispose() => _client.Dispose();
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mine.ClickHouse.Http;

/// <summary>
/// ClickHouse's HTTP interface, as 18.16 and current releases both speak it: a statement in the body (or in
/// <c>query=</c> for an insert, whose body is the data), TabSeparated and RowBinary, gzip request bodies. No driver:
/// the official .NET one asks 18.16 for formats it lacks (docs/clickhouse.md). Every request has its own deadline,
/// because a frozen replica hangs a Distributed read with no error.
/// </summary>
public sealed class ClickHouseClient : IDisposable
{
    private readonly HttpClient _http;

    public ClickHouseClient(ClickHouseEndpoint endpoint, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        Timeout = timeout ?? TimeSpan.FromSeconds(30);
        // ClickHouse closes an idle keep-alive connection after 3 s (keep_alive_timeout): idle connections are dropped
        // here first, so a request rarely goes out on one the server is closing.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1) });
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // each request has its own deadline
        if (endpoint.BaseUri.UserInfo is { Length: > 0 } userInfo)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(userInfo))));
        }
    }

    public ClickHouseEndpoint Endpoint { get; }

    /// <summary>The deadline of one request.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Runs a statement; returns ClickHouse's answer as text (TabSeparated unless the statement says FORMAT).</summary>
    public async Task<string> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        var bytes = await QueryBytesAsync(sql, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Runs a statement outside the endpoint's database (<c>CREATE DATABASE</c>: it may not exist yet).</summary>
    public async Task<string> QueryOutsideDatabaseAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var content = new StringContent(sql, Encoding.UTF8, "text/plain");
        return Encoding.UTF8.GetString(await SendAsync(Endpoint.RequestUri(inDatabase: false), content, Describe(sql), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Runs a statement; returns ClickHouse's answer as bytes (for <c>FORMAT RowBinary</c>).</summary>
    public async Task<byte[]> QueryBytesAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var content = new StringContent(sql, Encoding.UTF8, "text/plain");
        return await SendAsync(Endpoint.RequestUri(), content, Describe(sql), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts <paramref name="rowBinary"/> (rows of the table's columns in order, RowBinary) into <paramref name="table"/>,
    /// gzip-compressed on the way. Returns the bytes sent, once ClickHouse stored the rows: into a Distributed table,
    /// once each shard has its rows (<c>insert_distributed_sync=1</c>, after the URL's own settings so that it wins).
    /// An asynchronous Distributed insert answers as soon as the rows are queued on the server the node talks to,
    /// and ClickHouse 18.16 (fixed in 2021, ClickHouse pull request 19290) moves a queued block it was forwarding when
    /// the receiving replica died (an EOF on the connection) to <c>broken/</c> and never sends it: points the backlog
    /// had already let go of. A failed synchronous insert is sent again; a Replicated table drops the blocks of it that
    /// it already has.
    /// </summary>
    public async Task<long> InsertRowBinaryAsync(string table, ReadOnlyMemory<byte> rowBinary, CancellationToken cancellationToken = default)
    {
        var rows = CompressedRows.Compress(rowBinary.Span, 0);
        await InsertCompressedAsync(table, rows, cancellationToken).ConfigureAwait(false);
        return rows.Length;
    }

    /// <summary>Inserts rows made by <see cref="CompressedRows.Of"/> into <paramref name="table"/>.</summary>
    public async Task InsertCompressedAsync(string table, CompressedRows rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        using var content = new ByteArrayContent(rows.Bytes, 0, rows.Length);
        if (rows.IsGzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var statement = $"INSERT INTO {table} FORMAT RowBinary";
        await SendAsync(Endpoint.RequestUri("insert_distributed_sync=1&query=" + Uri.EscapeDataString(statement)), content, statement, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> SendAsync(Uri uri, HttpContent content, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        HttpResponseMessage response;
        try
        {
            try
            {
                response = await _http.PostAsync(uri, content, deadline.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError && !deadline.IsCancellationRequested)
            {
                // A pooled connection the server closed as the request went out: once more, on a new connection. Every
                // statement Mine sends may run twice (reads; inserts whose rows a second time are harmless).
                response = await _http.PostAsync(uri, content, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClickHouseException(ClickHouseErrorKind.Network, $"ClickHouse at {Endpoint} did not answer {what} within {Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ClickHouseException(ClickHouseErrorKind.Network, $"ClickHouse at {Endpoint} is unreachable ({ex.Message})", ex);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ClickHouseException(ClickHouseErrorKind.Network, $"ClickHouse at {Endpoint} did not finish answering {what} within {Timeout.TotalSeconds:0.#} s", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new ClickHouseException(ClickHouseErrorKind.Network, $"ClickHouse at {Endpoint} broke off its answer to {what} ({ex.Message})", ex);
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                return body;
            }

            var message = Encoding.UTF8.GetString(body).Trim();
            var kind = (int)response.StatusCode >= 500 && !IsStatementError(message) ? ClickHouseErrorKind.Server : ClickHouseErrorKind.Refused;
            throw new ClickHouseException(kind, $"ClickHouse refused {what} ({(int)response.StatusCode}): {message}");
        }
    }

    /// <summary>ClickHouse answers 500 to a bad statement too; its error codes say which are the statement's fault
    /// (syntax, unknown table or column, type mismatch), so that these are not retried forever.</summary>
    private static bool IsStatementError(string message) =>
        message.StartsWith("Code: 62,", StringComparison.Ordinal) // SYNTAX_ERROR
        || message.StartsWith("Code: 60,", StringComparison.Ordinal) // UNKNOWN_TABLE
        || message.StartsWith("Code: 47,", StringComparison.Ordinal) // UNKNOWN_IDENTIFIER
        || message.StartsWith("Code: 16,", StringComparison.Ordinal) // NO_SUCH_COLUMN_IN_TABLE
        || message.StartsWith("Code: 53,", StringComparison.Ordinal) // TYPE_MISMATCH
        || message.StartsWith("Code: 81,", StringComparison.Ordinal); // UNKNOWN_DATABASE

    private static string Describe(string sql)
    {
        var line = sql.AsSpan().Trim();
        var end = line.IndexOfAny('\n', '\r');
        var first = end < 0 ? line : line[..end];
        return first.Length <= 80 ? $"'{first}'" : $"'{first[..77]}...'";
    }
}

/// <summary>RowBinary rows gzip-compressed for an insert (ClickHouse takes gzip request bodies), and how many rows.</summary>
public sealed class CompressedRows
{
    private byte[]? _rented;

    private CompressedRows(byte[] bytes, int length, long rowCount, bool isGzip, bool rented = false)
    {
        Bytes = bytes;
        Length = length;
        RowCount = rowCount;
        IsGzip = isGzip;
        _rented = rented ? bytes : null;
    }

    /// <summary>The rows as sent, <see cref="Length"/> bytes of them: a gzip stream when <see cref="IsGzip"/>,
    /// RowBinary as it is otherwise.</summary>
    public byte[] Bytes { get; }

    public bool IsGzip { get; }

    public int Length { get; }

    public long RowCount { get; }

    /// <summary>No rows: nothing to insert.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The rows gzip-compressed when <paramref name="compress"/>, else copied as they are into a pooled
    /// array (segments are tens of megabytes: fresh arrays each time took the node's peak memory from 1.2 to 1.8 GB),
    /// which <see cref="Return"/> gives back once the insert is done.</summary>
    public static CompressedRows Of(ReadOnlySpan<byte> rowBinary, long rowCount, bool compress)
    {
        if (compress || rowBinary.IsEmpty)
        {
            return Compress(rowBinary, rowCount);
        }

        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(rowBinary.Length);
        rowBinary.CopyTo(bytes);
        return new CompressedRows(bytes, rowBinary.Length, rowCount, isGzip: false, rented: true);
    }

    /// <summary>Gives a pooled array back; the rows must not be sent after it (a second call does nothing).</summary>
    public void Return()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static CompressedRows Compress(ReadOnlySpan<byte> rowBinary, long rowCount)
    {
        if (rowBinary.IsEmpty)
        {
            return new CompressedRows([], 0, rowCount, isGzip: true);
        }

        using var compressed = new MemoryStream((rowBinary.Length / 4) + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(rowBinary);
        }

        return new CompressedRows(compressed.GetBuffer(), (int)compressed.Length, rowCount, isGzip: true);
    }
}

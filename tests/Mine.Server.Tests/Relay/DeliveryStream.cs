using System.Globalization;
using System.Text;
using System.Text.Json;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Relay;

/// <summary>
/// The points of a delivery test, each one distinct and checkable: point <c>i</c> is series
/// <c>PREFIX.s{i % series}</c> at <c>start + 60 × (i / series)</c> (one per minute, the step of the default schema's
/// first archive, which keeps 14 days) with the value <c>i</c>. Sent as plaintext in batches, each over its own TCP connection; counted
/// back from <c>mine serve</c>'s /render, datapoint by datapoint.
/// </summary>
internal sealed class DeliveryStream
{
    private const int Step = 60;

    /// <param name="prefix">The first name node, unique to the test.</param>
    /// <param name="series">How many series the points spread over.</param>
    /// <param name="total">How many points the stream has in all.</param>
    public DeliveryStream(string prefix, int series, int total)
    {
        Prefix = prefix;
        Series = series;
        Total = total;
        Slots = (total + series - 1) / series;

        // Recent (well inside the first archive's 14 days), aligned to the step, and ending an hour ago.
        Start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600) - 3600 - ((long)Slots * Step);
    }

    public string Prefix { get; }

    public int Series { get; }

    public int Total { get; }

    public int Slots { get; }

    public long Start { get; }

    /// <summary>Sends points <paramref name="from"/> to <paramref name="to"/> (excluded) over one TCP connection, closed after.</summary>
    public Task SendAsync(int port, int from, int to)
    {
        var text = new StringBuilder((to - from) * 32);
        for (var i = from; i < to; i++)
        {
            text.Append(Prefix).Append(".s").Append(i % Series).Append(' ').Append(i).Append(' ').Append(Start + ((long)(i / Series) * Step)).Append('\n');
        }

        return MineProcess.SendAsync(port, Encoding.ASCII.GetBytes(text.ToString()));
    }

    /// <summary>Sends the whole stream in <paramref name="batches"/> equal batches, one every <paramref name="every"/>
    /// (the test does its faults meanwhile); <paramref name="sent"/> hears how many are sent. Returns after the last.</summary>
    public async Task SendInBatchesAsync(int port, int batches, TimeSpan every, Action<int>? sent = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var due = every * b;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            await SendAsync(port, BatchStart(b, batches), BatchStart(b + 1, batches));
            sent?.Invoke(b + 1);
        }
    }

    /// <summary>What serve has of the stream: points present with their own value, points missing, wrong values
    /// (a value or a timestamp no point of the stream has) and series not of the stream.</summary>
    public async Task<StoredCount> CountAsync(MineProcess serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        var url = $"/render?target={Prefix}.*&format=json&from={Start - 1}&until={Start + ((long)Slots * Step)}";
        using var document = JsonDocument.Parse(await serve.Http.GetStringAsync(url));
        var seen = new bool[Total];
        int present = 0, wrong = 0, strangers = 0;
        var wrongExamples = new List<string>();
        foreach (var series in document.RootElement.EnumerateArray())
        {
            var name = series.GetProperty("target").GetString()!;
            if (!name.StartsWith(Prefix + ".s", StringComparison.Ordinal)
                || !int.TryParse(name.AsSpan(Prefix.Length + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s >= Series)
            {
                strangers++;
                continue;
            }

            foreach (var point in series.GetProperty("datapoints").EnumerateArray())
            {
                if (point[0].ValueKind != JsonValueKind.Number)
                {
                    continue;
                }

                var slot = (point[1].GetInt64() - Start) / Step;
                var index = (slot * Series) + s;
                var value = point[0].GetDouble();
                if ((point[1].GetInt64() - Start) % Step != 0 || index < 0 || index >= Total || value != index || seen[index])
                {
                    wrong++;
                    if (wrongExamples.Count < 5)
                    {
                        wrongExamples.Add($"{name} {value} {point[1].GetInt64()}");
                    }

                    continue;
                }

                seen[index] = true;
                present++;
            }
        }

        var missing = new List<int>();
        for (var i = 0; i < Total && missing.Count < 5; i++)
        {
            if (!seen[i])
            {
                missing.Add(i);
            }
        }

        return new StoredCount(present, Total - present, wrong, strangers, missing, wrongExamples);
    }

    /// <summary>Asserts serve holds every point of the stream, each with its own value, and nothing else under the prefix.</summary>
    public async Task AssertAllStoredAsync(MineProcess serve, string context)
    {
        var count = await CountAsync(serve);
        Assert.True(count.Present == Total && count.Wrong == 0 && count.Strangers == 0,
            $"serve holds {count.Present} of the {Total} points sent ({count.Missing} missing, e.g. indexes {string.Join(", ", count.FirstMissing)}; "
            + $"{count.Wrong} wrong, e.g. {string.Join("; ", count.WrongExamples)}; {count.Strangers} series not sent)\n{context}");
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; fails with <paramref name="message"/>'s
    /// text after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> message)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(message);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"waited {timeout.TotalSeconds} s: {message()}");
            await Task.Delay(100);
        }
    }

    private int BatchStart(int batch, int batches) => (int)((long)Total * batch / batches);
}

internal sealed record StoredCount(int Present, int Missing, int Wrong, int Strangers, IReadOnlyList<int> FirstMissing, IReadOnlyList<string> WrongExamples);

using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Mine.Api;

/// <summary>
/// Where a render's time went, sent as a <c>Server-Timing</c> header (shown by browsers' developer tools and
/// readable with <c>curl -D -</c>): <c>read</c> is glob lookups and storage reads, <c>evaluate</c> the functions
/// (without the reads they caused), <c>format</c> the response body or picture. A wide JSON answer is streamed
/// while it is formatted, so its header has no <c>format</c> figure.
/// </summary>
internal sealed class RenderTiming
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _evaluated;
    private long _formatted;

    public void Evaluated() => _evaluated = Stopwatch.GetTimestamp();

    public void Formatted() => _formatted = Stopwatch.GetTimestamp();

    public void AddHeader(HttpResponse response, TimeSpan readTime)
    {
        if (_evaluated == 0)
        {
            return;
        }

        var evaluate = Stopwatch.GetElapsedTime(_started, _evaluated) - readTime;
        var timing = string.Create(CultureInfo.InvariantCulture, $"read;dur={readTime.TotalMilliseconds:F1}, evaluate;dur={Math.Max(0, evaluate.TotalMilliseconds):F1}");
        if (_formatted != 0)
        {
            timing += string.Create(CultureInfo.InvariantCulture, $", format;dur={Stopwatch.GetElapsedTime(_evaluated, _formatted).TotalMilliseconds:F1}");
        }

        response.Headers["Server-Timing"] = timing;
    }
}

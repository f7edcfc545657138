using System.Net;
using System.Text.Json;

namespace Mine.Server.Tests.Api;

/// <summary>One server holding a series <c>probe;k=VALUE</c> for every value of <see cref="PythonRegexAgreementTests"/>'s table.</summary>
public sealed class RegexProbeServer : IAsyncLifetime
{
    internal MineTestServer Server { get; private set; } = null!;

    public long Start { get; } = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 600;

    public async Task InitializeAsync()
    {
        Server = await MineTestServer.StartAsync();
        var values = PythonRegexAgreementTests.Values;
        await Server.SendPlaintextAsync(string.Concat(values.Select(value => $"probe;k={value} 1 {Start}\n")));
        await Server.WaitForMetricAsync("mine_points_ingested_total", values.Count);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// seriesByTag's <c>=~</c> (storage's tag index) and grep() (the render evaluator) read Python's <c>re</c> dialect
/// through one translator, so they must give Python's answer for the same pattern and value. Every pattern starts
/// at the start (<c>^</c> or <c>\A</c>), where graphite-web's anchoring of tag expressions (<c>'^(' + pattern +
/// ')'</c>, re.match or re.search) and grep's re.search agree; expected answers are CPython 3.11's
/// (<c>re.search(pattern, value) is not None</c>), the interpreter graphite-web runs on in the differential suite.
/// </summary>
public class PythonRegexAgreementTests(RegexProbeServer fixture) : IClassFixture<RegexProbeServer>
{
    private static readonly (string Pattern, string Value, bool Matches)[] Table =
    [
        (@"^ab{,2}c$", "ac", true),
        (@"^ab{,2}c$", "abc", true),
        (@"^ab{,2}c$", "abbc", true),
        (@"^ab{,2}c$", "abbbc", false),
        (@"^ab{2,}c$", "abc", false),
        (@"^ab{2,}c$", "abbc", true),
        (@"^ab{2,}c$", "abbbbc", true),
        (@"^ab{,}c$", "ac", true),
        (@"^ab{,}c$", "abbbc", true),
        (@"^ab{2}c$", "abc", false),
        (@"^ab{2}c$", "abbc", true),
        (@"^ab{1,2}c$", "ac", false),
        (@"^ab{1,2}c$", "abc", true),
        (@"^ab{1,2}c$", "abbc", true),
        (@"^ab{1,2}c$", "abbbc", false),
        (@"^abc(?=d)", "abcd", true),
        (@"^abc(?=d)", "abce", false),
        (@"^abc(?!d)", "abcd", false),
        (@"^abc(?!d)", "abce", true),
        (@"^.*(?<=b)c$", "abc", true),
        (@"^.*(?<=b)c$", "aac", false),
        (@"^.*(?<!b)c$", "abc", false),
        (@"^.*(?<!b)c$", "aac", true),
        (@"^(?i:abc)$", "ABC", true),
        (@"^(?i:abc)$", "abc", true),
        (@"^(?i:abc)$", "AbD", false),
        (@"^(?P<x>ab)-(?P=x)$", "ab-ab", true),
        (@"^(?P<x>ab)-(?P=x)$", "ab-ac", false),
        (@"^(?P<x>a)(b)\2$", "abb", true),
        (@"^(?P<x>a)(b)\2$", "aba", false),
        (@"^(a)?(?(1)b|c)$", "ab", true),
        (@"^(a)?(?(1)b|c)$", "c", true),
        (@"^(a)?(?(1)b|c)$", "ac", false),
        (@"^\d+$", "123", true),
        (@"^\d+$", "12a", false),
        (@"^\d+$", "\u0661\u0662", true),
        (@"^\w+$", "a_b1", true),
        (@"^\w+$", "a-b", false),
        (@"^abc\Z", "abc", true),
        (@"^abc\Z", "abcd", false),
        (@"\Aab", "abc", true),
        (@"\Aab", "cab", false),
        (@"^a\.b$", "a.b", true),
        (@"^a\.b$", "axb", false),
        (@"^[a-c]+$", "abc", true),
        (@"^[a-c]+$", "abd", false),
        (@"^[^a-c]+$", "xyz", true),
        (@"^[^a-c]+$", "xaz", false),
        (@"^[a-z-[aeiou]]+$", "b]", true),
        (@"^[a-z-[aeiou]]+$", "bc", false),
        (@"^(ab|cd)$", "ab", true),
        (@"^(ab|cd)$", "cd", true),
        (@"^(ab|cd)$", "ad", false),
        (@"^a(?#a comment)b$", "ab", true),
        (@"^a(?#a comment)b$", "a", false),
        (@"^(?>a+)b$", "aab", true),
        (@"^(?>a+)b$", "b", false),
    ];

    public static IReadOnlyList<string> Values { get; } = Table.Select(static row => row.Value).Distinct().ToList();

    public static TheoryData<string> Patterns => [.. Table.Select(static row => row.Pattern).Distinct()];

    /// <summary>
    /// Patterns CPython 3.11 refuses: global flags anywhere but the very start (so <c>(?i)</c> can never reach
    /// seriesByTag, whose anchoring puts <c>^(</c> before it), and .NET's <c>(?&lt;name&gt;...)</c> spelling.
    /// </summary>
    public static TheoryData<string> RefusedPatterns => [@"^(?i)abc$", @"^a(?u)b$", @"^(?<n>a)$"];

    [Theory]
    [MemberData(nameof(Patterns))]
    public async Task SeriesByTag_and_grep_answer_as_Python_does(string pattern)
    {
        // graphite-web takes a quoted argument's text as it stands, backslashes included; no pattern has a quote.
        var bySeriesByTag = await MatchedValuesAsync($"seriesByTag('name=probe','k=~{pattern}')", static series => series.GetProperty("tags").GetProperty("k").GetString()!);
        var byGrep = await MatchedValuesAsync($"grep(aliasByTags(seriesByTag('name=probe'),'k'),'{pattern}')", static series => series.GetProperty("target").GetString()!);

        foreach (var (_, value, matches) in Table.Where(row => row.Pattern == pattern))
        {
            Assert.True(matches == bySeriesByTag.Contains(value), $"seriesByTag: {pattern} on {value} should be {matches}");
            Assert.True(matches == byGrep.Contains(value), $"grep: {pattern} on {value} should be {matches}");
        }

        // Over every probe value, not only the table's rows for this pattern.
        Assert.Equal(bySeriesByTag.Order(StringComparer.Ordinal), byGrep.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RefusedPatterns))]
    public async Task SeriesByTag_and_grep_refuse_what_Python_refuses(string pattern)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Server.Http.GetAsync(Render($"seriesByTag('name=probe','k=~{pattern}')"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Server.Http.GetAsync(Render($"grep(seriesByTag('name=probe'),'{pattern}')"))).StatusCode);
    }

    private async Task<HashSet<string>> MatchedValuesAsync(string target, Func<JsonElement, string> valueOf)
    {
        var response = await fixture.Server.Http.GetAsync(Render(target));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{target}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.EnumerateArray().Select(valueOf).ToHashSet(StringComparer.Ordinal);
    }

    private string Render(string target)
        => $"/render?target={Uri.EscapeDataString(target)}&format=json&from={fixture.Start - 60}&until={fixture.Start + 60}";
}

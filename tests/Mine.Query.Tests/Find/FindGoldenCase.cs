using Mine.Query.Find;

namespace Mine.Query.Tests.Find;

/// <summary>One /metrics response recorded from graphite-web (see Golden/find_formats_golden.py).</summary>
/// <param name="Kind">find, expand or index.</param>
/// <param name="Inputs">MetricNode[] (find), KeyValuePair&lt;query, nodes&gt;[] (expand) or string[] (index).</param>
internal sealed record FindGoldenCase(
    string Kind,
    string Name,
    string? Accept,
    Dictionary<string, string> Parameters,
    object Inputs,
    FindInterval[] Intervals,
    string ExpectedContentType,
    string ExpectedBody);

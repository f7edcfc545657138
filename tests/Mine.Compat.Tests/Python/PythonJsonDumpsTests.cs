using Mine.Compat.Python;

namespace Mine.Compat.Tests.Python;

/// <summary>Expected strings are CPython 3.11 json.dumps output for the Python objects the .NET values stand for.</summary>
public sealed class PythonJsonDumpsTests
{
    [Fact]
    public void A_value_tree_is_written_as_json_dumps_writes_the_Python_objects()
    {
        var document = Map(
            ("x", Map(("start", 1L), ("end", 2.5))),
            ("series", new List<object?> { Map(("name", "a\u00e9\""), ("data", new object?[] { 1.0, double.NaN, double.PositiveInfinity, null, 0.1, 3, 2.5f, 'c', true })) }),
            ("empty", Array.Empty<double>()),
            ("o", Map()));
        Assert.Equal(
            "{\"x\": {\"start\": 1, \"end\": 2.5}, \"series\": [{\"name\": \"a\\u00e9\\\"\", \"data\": [1.0, NaN, Infinity, null, 0.1, 3, 2.5, \"c\", true]}], \"empty\": [], \"o\": {}}",
            PythonJsonWriter.Dumps(document));
    }

    [Fact]
    public void A_string_alone_is_one_quoted_ascii_string()
        => Assert.Equal("\"<svg>\\u2603\\n</svg>\"", PythonJsonWriter.Dumps("<svg>\u2603\n</svg>"));

    private static List<KeyValuePair<string, object?>> Map(params (string Key, object? Value)[] members)
        => members.Select(static m => new KeyValuePair<string, object?>(m.Key, m.Value)).ToList();
}

using System.Buffers;
using System.Reflection;
using System.Text.Json.Nodes;
using Mine.Query.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions;

/// <summary>
/// /functions must describe every graphite-web 1.1.8 function with the same group, parameters and signature
/// (GraphiteWebFunctions.json, generated from graphite-web's own Param objects by
/// Golden/functions_metadata_golden.py), so Grafana's function editor behaves the same against Mine.
/// </summary>
public class FunctionMetadataTests
{
    private static readonly JsonObject Reference = LoadReference();

    public static TheoryData<string> GraphiteFunctionNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Reference.Select(e => e.Key))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GraphiteFunctionNames))]
    public void Every_graphite_web_function_is_described_identically(string name)
    {
        Assert.True(FunctionRegistry.Default.TryGet(name, out var definition), $"{name} is not implemented");
        var expected = Reference[name]!.AsObject();
        var actual = Describe(name, definition);
        Assert.Equal(expected["group"]!.GetValue<string>(), actual["group"]!.GetValue<string>());
        Assert.Equal(expected["params"]!.ToJsonString(), actual["params"]!.ToJsonString());
        Assert.Equal(expected["function"]!.GetValue<string>(), actual["function"]!.GetValue<string>());
    }

    [Fact]
    public void Every_function_has_a_description_and_a_known_group()
    {
        string[] groups = [FunctionGroups.Combine, FunctionGroups.Transform, FunctionGroups.Calculate, FunctionGroups.FilterSeries, FunctionGroups.FilterData,
            FunctionGroups.Sorting, FunctionGroups.Alias, FunctionGroups.Graph, FunctionGroups.Special, FunctionGroups.Fleet];
        foreach (var (name, definition) in FunctionRegistry.Default.Entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(definition.Description), $"{name} has no description");
            Assert.Contains(definition.Group, groups);
            Assert.NotNull(Describe(name, definition)["params"]);
        }
    }

    private static JsonObject Describe(string name, FunctionDefinition definition)
    {
        var output = new ArrayBufferWriter<byte>();
        FunctionMetadataWriter.WriteOne(output, FunctionRegistry.Default, name, definition, pretty: false);
        return JsonNode.Parse(output.WrittenSpan)!.AsObject();
    }

    private static JsonObject LoadReference()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("GraphiteWebFunctions.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    }
}

using System.Buffers;
using Mine.Compat.Python;

namespace Mine.Query.Functions;

/// <summary>
/// The JSON of graphite-web's /functions and /functions/&lt;name&gt; (functions/views.py <c>functionInfo</c>):
/// <c>{name, function, description, module, group, params: [{name, type, required?, default?, multiple?,
/// options?, suggestions?}]}</c>. Infinity is written <c>1e9999</c> everywhere, the form Grafana parses
/// (graphite-web#2609).
/// </summary>
public static class FunctionMetadataWriter
{
    /// <summary>All functions (<paramref name="grouped"/>: nested by group), optionally only one group.</summary>
    public static void WriteList(IBufferWriter<byte> output, FunctionRegistry registry, bool grouped, string? group, bool pretty)
    {
        var json = new PythonJsonWriter(output, indent: pretty ? 2 : 0);
        var entries = registry.Entries.Where(e => group is null || e.Value.Group == group).ToList();
        json.StartObject();
        if (grouped)
        {
            foreach (var byGroup in entries.GroupBy(e => e.Value.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(byGroup.Key);
                json.StartObject();
                foreach (var (name, definition) in byGroup)
                {
                    json.WritePropertyName(name);
                    WriteInfo(json, registry, name, definition);
                }

                json.EndObject();
            }
        }
        else
        {
            foreach (var (name, definition) in entries)
            {
                json.WritePropertyName(name);
                WriteInfo(json, registry, name, definition);
            }
        }

        json.EndObject();
    }

    /// <summary>/functions?type=pie: the pie modes, each taking one series.</summary>
    public static void WritePieList(IBufferWriter<byte> output, bool pretty)
    {
        var json = new PythonJsonWriter(output, indent: pretty ? 2 : 0);
        json.StartObject();
        foreach (var pie in Pie.PieFunctions.All)
        {
            json.WritePropertyName(pie.Name);
            json.StartObject();
            json.WritePropertyName("name");
            json.WriteString(pie.Name);
            json.WritePropertyName("function");
            json.WriteString(pie.Name + "(series)");
            json.WritePropertyName("description");
            json.WriteString(pie.Description);
            json.WritePropertyName("module");
            json.WriteString("graphite.render.functions");
            json.WritePropertyName("group");
            json.WriteString("Pie");
            json.WritePropertyName("params");
            json.StartArray();
            json.StartObject();
            json.WritePropertyName("name");
            json.WriteString("series");
            json.WritePropertyName("type");
            json.WriteString("series");
            json.WritePropertyName("required");
            json.WriteBoolean(true);
            json.EndObject();
            json.EndArray();
            json.EndObject();
        }

        json.EndObject();
    }

    /// <summary>One function's description.</summary>
    public static void WriteOne(IBufferWriter<byte> output, FunctionRegistry registry, string name, FunctionDefinition definition, bool pretty)
        => WriteInfo(new PythonJsonWriter(output, indent: pretty ? 2 : 0), registry, name, definition);

    private static void WriteInfo(PythonJsonWriter json, FunctionRegistry registry, string name, FunctionDefinition definition)
    {
        json.StartObject();
        json.WritePropertyName("name");
        json.WriteString(name);
        json.WritePropertyName("function");
        json.WriteString(definition.SignatureFor(name));
        json.WritePropertyName("description");
        json.WriteString(definition.Description);
        json.WritePropertyName("module");
        json.WriteString(definition.Group == FunctionGroups.Fleet ? "mine.functions.fleet" : "graphite.render.functions");
        json.WritePropertyName("group");
        json.WriteString(definition.Group);
        json.WritePropertyName("params");
        json.StartArray();
        foreach (var parameter in definition.Parameters)
        {
            WriteParameter(json, registry, parameter);
        }

        json.EndArray();
        json.EndObject();
    }

    private static void WriteParameter(PythonJsonWriter json, FunctionRegistry registry, ParamSpec parameter)
    {
        json.StartObject();
        json.WritePropertyName("name");
        json.WriteString(parameter.Name);
        json.WritePropertyName("type");
        json.WriteString(parameter.TypeName);
        if (parameter.Required)
        {
            json.WritePropertyName("required");
            json.WriteBoolean(true);
        }

        if (parameter.Default is { } defaultValue)
        {
            json.WritePropertyName("default");
            WriteValue(json, defaultValue);
        }

        if (parameter.Multiple)
        {
            json.WritePropertyName("multiple");
            json.WriteBoolean(true);
        }

        var options = OptionsOf(parameter, registry);
        if (options.Count > 0)
        {
            json.WritePropertyName("options");
            WriteList(json, options);
        }

        if (parameter.Suggestions is { Count: > 0 } suggestions)
        {
            json.WritePropertyName("suggestions");
            WriteList(json, suggestions);
        }

        json.EndObject();
    }

    /// <summary>Param.options: own options plus the type's, de-duplicated, sorted by their str().</summary>
    internal static IReadOnlyList<object> OptionsOf(ParamSpec parameter, FunctionRegistry registry)
    {
        IEnumerable<object> typeOptions = parameter.Type switch
        {
            ParamType.AggFunc => AggregationFunctions.AllNames,
            ParamType.AggOrSeriesFunc => AggregationFunctions.AllNames.Concat(registry.AggregatorNames),
            _ => [],
        };
        return [.. (parameter.Options ?? []).Concat(typeOptions).Distinct().OrderBy(PythonFormat.Str, StringComparer.Ordinal)];
    }

    private static void WriteList(PythonJsonWriter json, IEnumerable<object> values)
    {
        json.StartArray();
        foreach (var value in values)
        {
            WriteValue(json, value);
        }

        json.EndArray();
    }

    private static void WriteValue(PythonJsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull();
                break;
            case string s:
                json.WriteString(s);
                break;
            case bool b:
                json.WriteBoolean(b);
                break;
            case long or int:
                json.WriteInt64(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double d when double.IsInfinity(d):
                json.WriteRawValue(d > 0 ? "1e9999"u8 : "-1e9999"u8);
                break;
            case double d:
                json.WriteFloat(d);
                break;
            default:
                json.WriteString(value.ToString() ?? string.Empty);
                break;
        }
    }
}

using System.Reflection;

namespace Mine.Query.Functions;

/// <summary>
/// Every render function by name (aliases included), found by reflection over <see cref="IFunctionFamily"/>
/// implementations so each function lives in its own file.
/// </summary>
public sealed class FunctionRegistry
{
    private readonly Dictionary<string, FunctionDefinition> _byName = new(StringComparer.Ordinal);

    public FunctionRegistry(IEnumerable<FunctionDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            foreach (var name in definition.Aliases.Prepend(definition.Name))
            {
                if (!_byName.TryAdd(name, definition))
                {
                    throw new InvalidOperationException($"Render function '{name}' is defined twice");
                }
            }
        }
    }

    /// <summary>The functions built into Mine.Query.</summary>
    public static FunctionRegistry Default { get; } = new(Discover(typeof(FunctionRegistry).Assembly));

    /// <summary>Every (name, definition) pair, aliases as their own entries, ordered by name.</summary>
    public IEnumerable<KeyValuePair<string, FunctionDefinition>> Entries => _byName.OrderBy(e => e.Key, StringComparer.Ordinal);

    public bool TryGet(string name, out FunctionDefinition definition) => _byName.TryGetValue(name, out definition!);

    /// <summary>Names of aggregator functions (aggOrSeriesFunc's extra options), sorted.</summary>
    public IReadOnlyList<string> AggregatorNames => [.. _byName.Where(e => e.Value.IsAggregator).Select(e => e.Key).Order(StringComparer.Ordinal)];

    /// <summary>Every definition from the non-abstract <see cref="IFunctionFamily"/> types of an assembly.</summary>
    public static IEnumerable<FunctionDefinition> Discover(Assembly assembly)
        => assembly.GetTypes()
            .Where(t => typeof(IFunctionFamily).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .SelectMany(t => ((IFunctionFamily)Activator.CreateInstance(t)!).Definitions);
}

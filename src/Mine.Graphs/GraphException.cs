namespace Mine.Graphs;

/// <summary>
/// A graph that cannot be drawn as asked (graphite-web's GraphError and the ValueErrors of its option parsing):
/// a bad option value, a log scale over non-positive data, limits that contradict each other. The message says
/// what to change; the HTTP layer answers it as a 400.
/// </summary>
public sealed class GraphException(string message) : Exception(message);

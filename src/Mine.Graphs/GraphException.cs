using Mine.Core.Errors;

namespace Mine.Graphs;

/// <summary>
/// A graph that cannot be drawn as asked (graphite-web's GraphError and the ValueErrors of its option parsing):
/// a bad option value, a log scale over non-positive data, limits that contradict each other. The message says
/// what to change; a user error, so the HTTP layer answers it as a 400.
/// </summary>
public sealed class GraphException(string message) : MineUserException(message);

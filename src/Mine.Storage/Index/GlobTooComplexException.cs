namespace Mine.Storage.Index;

/// <summary>
/// A glob whose brace alternatives multiply beyond 10,000 (per component, or whole-path variants); the HTTP
/// layer reports it as a bad query (400) instead of letting one request expand without bound.
/// </summary>
public sealed class GlobTooComplexException(int max)
    : ArgumentException($"The glob expands to more than {max} brace alternatives; narrow the pattern.");

using Mine.Core.Errors;

namespace Mine.Storage.Index;

/// <summary>
/// A glob whose brace alternatives multiply beyond 10,000 (per component, or whole-path variants): a user error, so
/// the HTTP layer reports it as a bad query (400) instead of letting one request expand without bound.
/// </summary>
public sealed class GlobTooComplexException(int max)
    : MineUserException($"The glob expands to more than {max} brace alternatives; narrow the pattern.");

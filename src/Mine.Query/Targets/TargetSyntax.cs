namespace Mine.Query.Targets;

/// <summary>
/// One node of a parsed <c>target</c>, the shape graphite-web's pyparsing grammar (render/grammar_unsafe.py)
/// produces. Pipes are already folded away: <c>a|f(1)|g()</c> is <c>g(f(a,1))</c>, which is how graphite-web's
/// evaluator runs them.
/// </summary>
public abstract record TargetNode;

/// <summary>A metric path or glob (<c>servers.web-*.cpu-{user,system}</c>), escapes already removed.</summary>
public sealed record PathNode(string Path) : TargetNode;

/// <summary>
/// A function call. <paramref name="Raw"/> is the call's own text as written (graphite-web passes it to the tag
/// database for <c>seriesByTag</c>). <paramref name="Piped"/>: written after a pipe (<c>a|f()</c>), its first
/// argument is the expression before the <c>|</c> (see <see cref="ConsumedPipes"/>).
/// </summary>
public sealed record CallNode(string Name, IReadOnlyList<TargetNode> Arguments, IReadOnlyList<KeywordArgument> KeywordArguments, string Raw, bool Piped = false) : TargetNode;

/// <summary><c>name=value</c> inside a call.</summary>
public sealed record KeywordArgument(string Name, TargetNode Value);

/// <summary>A quoted string; graphite-web strips the quotes and keeps the content as written (no unescaping).</summary>
public sealed record StringNode(string Value) : TargetNode;

/// <summary>A number: Python int when written without a dot or exponent, float otherwise (<c>inf</c> included).</summary>
public sealed record NumberNode(double Value, bool IsInteger) : TargetNode;

/// <summary><c>true</c> or <c>false</c>, any case.</summary>
public sealed record BooleanNode(bool Value) : TargetNode;

/// <summary><c>None</c>, any case.</summary>
public sealed record NoneNode : TargetNode;

/// <summary>
/// <c>template(inner, args...)</c>: <c>$name</c> in the inner paths is replaced by the template's own arguments
/// (positional ones are named 1, 2, ...) and then by the request's <c>template[name]=</c> parameters.
/// </summary>
public sealed record TemplateNode(TargetNode Inner, IReadOnlyList<TargetNode> Arguments, IReadOnlyList<KeywordArgument> KeywordArguments) : TargetNode;

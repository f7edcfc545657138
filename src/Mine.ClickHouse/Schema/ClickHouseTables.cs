namespace Mine.ClickHouse.Schema;

/// <summary>
/// The tables Mine reads and writes (carbon-clickhouse's names by default), and the rollup section their points table
/// names. On a cluster these are the Distributed tables; the replicated tables behind them are named
/// <c>NAME_local</c> (<see cref="ClickHouseSchema"/>).
/// </summary>
public sealed record ClickHouseTables
{
    public string Database { get; init; } = "default";

    public string Points { get; init; } = "graphite";

    public string Index { get; init; } = "graphite_index";

    public string Tagged { get; init; } = "graphite_tagged";

    /// <summary>The <c>graphite_rollup</c>-style section of ClickHouse's config.xml the points table rolls up by.</summary>
    public string Rollup { get; init; } = "graphite_rollup";

    /// <summary>Why a name cannot be used in Mine's SQL unquoted (letters, digits and '_', not starting with a digit), or null.</summary>
    public string? Problem()
    {
        foreach (var (what, name) in new[] { ("database", Database), ("points table", Points), ("index table", Index), ("tagged table", Tagged), ("rollup section", Rollup) })
        {
            if (!IsIdentifier(name))
            {
                return $"{what} '{name}' is not a plain identifier (letters, digits and '_', not starting with a digit)";
            }
        }

        return null;
    }

    public static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 128 && !char.IsAsciiDigit(name[0]) && name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

using System.Globalization;
using System.Security;
using System.Text;

namespace Mine.ClickHouse.Schema;

/// <summary>
/// The DDL of carbon-clickhouse's tables (docs/clickhouse.md, "Tables") and the <c>graphite_rollup</c> XML for
/// ClickHouse's config, as <c>mine clickhouse-schema</c> prints them and as a start creates what is missing. Only
/// what ClickHouse 18.16 understands: no CODEC, no TTL, no typed rollup rules.
/// </summary>
public static class ClickHouseSchema
{
    /// <summary>The single-server DDL, <c>IF NOT EXISTS</c>, one statement per entry (the HTTP interface takes one per request).</summary>
    public static IReadOnlyList<string> SingleServer(ClickHouseTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return
        [
            $"CREATE DATABASE IF NOT EXISTS {tables.Database}",
            PointsTable(tables, tables.Points, $"GraphiteMergeTree('{tables.Rollup}')", onCluster: null),
            IndexTable(tables, tables.Index, "ReplacingMergeTree(Version)", onCluster: null),
            TaggedTable(tables, tables.Tagged, "ReplacingMergeTree(Version)", onCluster: null),
        ];
    }

    /// <summary>
    /// The cluster DDL: on every node of <paramref name="cluster"/> (<c>ON CLUSTER</c>), local tables named
    /// <c>NAME_local</c> (replicated through ZooKeeper when <paramref name="replicated"/>, by the <c>{shard}</c> and
    /// <c>{replica}</c> macros), and the Distributed tables Mine uses, with the configured names, sharded by
    /// <c>cityHash64(Path)</c> so that one series lives on one shard.
    /// </summary>
    public static IReadOnlyList<string> Cluster(ClickHouseTables tables, string cluster, bool replicated)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (!ClickHouseTables.IsIdentifier(cluster))
        {
            throw new ArgumentException($"cluster '{cluster}' is not a plain identifier (letters, digits and '_')", nameof(cluster));
        }

        string Engine(string table, string plain, string replicatedArguments) => replicated
            ? $"Replicated{plain}('/clickhouse/tables/{{shard}}/{tables.Database}.{table}_local', '{{replica}}'{replicatedArguments})"
            : $"{plain}({replicatedArguments.TrimStart(',', ' ')})";

        var statements = new List<string>
        {
            $"CREATE DATABASE IF NOT EXISTS {tables.Database} ON CLUSTER {cluster}",
            PointsTable(tables, tables.Points + "_local", Engine(tables.Points, "GraphiteMergeTree", $", '{tables.Rollup}'"), cluster),
            IndexTable(tables, tables.Index + "_local", Engine(tables.Index, "ReplacingMergeTree", ", Version"), cluster),
            TaggedTable(tables, tables.Tagged + "_local", Engine(tables.Tagged, "ReplacingMergeTree", ", Version"), cluster),
        };
        foreach (var table in new[] { tables.Points, tables.Index, tables.Tagged })
        {
            statements.Add($"CREATE TABLE IF NOT EXISTS {tables.Database}.{table} ON CLUSTER {cluster} AS {tables.Database}.{table}_local\n"
                + $"ENGINE = Distributed({cluster}, {tables.Database}, {table}_local, cityHash64(Path))");
        }

        return statements;
    }

    /// <summary>The <c>&lt;graphite_rollup&gt;</c> section (named by <see cref="ClickHouseTables.Rollup"/>) for config.xml or a config.d file.</summary>
    public static string RollupXml(RollupRules rules, string section)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"<{section}>\n");
        xml.Append("    <path_column_name>Path</path_column_name>\n    <time_column_name>Time</time_column_name>\n");
        xml.Append("    <value_column_name>Value</value_column_name>\n    <version_column_name>Timestamp</version_column_name>\n");
        foreach (var warning in rules.Warnings)
        {
            xml.Append(CultureInfo.InvariantCulture, $"    <!-- {SecurityElement.Escape(warning.Replace("--", "- -", StringComparison.Ordinal))} -->\n");
        }

        foreach (var pattern in rules.Patterns)
        {
            AppendPattern(xml, "pattern", pattern);
        }

        AppendPattern(xml, "default", rules.Default);
        xml.Append(CultureInfo.InvariantCulture, $"</{section}>\n");
        return xml.ToString();
    }

    private static void AppendPattern(StringBuilder xml, string element, RollupPattern pattern)
    {
        xml.Append(CultureInfo.InvariantCulture, $"    <{element}> <!-- {SecurityElement.Escape(pattern.Comment)} -->\n");
        if (pattern.Regexp is not null)
        {
            xml.Append(CultureInfo.InvariantCulture, $"        <regexp>{SecurityElement.Escape(pattern.Regexp)}</regexp>\n");
        }

        xml.Append(CultureInfo.InvariantCulture, $"        <function>{pattern.Function}</function>\n");
        foreach (var retention in pattern.Retentions)
        {
            xml.Append(CultureInfo.InvariantCulture, $"        <retention><age>{retention.AgeSeconds}</age><precision>{retention.PrecisionSeconds}</precision></retention>\n");
        }

        xml.Append(CultureInfo.InvariantCulture, $"    </{element}>\n");
    }

    private static string OnCluster(string? cluster) => cluster is null ? "" : $" ON CLUSTER {cluster}";

    private static string PointsTable(ClickHouseTables tables, string name, string engine, string? onCluster) =>
        $"CREATE TABLE IF NOT EXISTS {tables.Database}.{name}{OnCluster(onCluster)} (\n"
        + "    Path String,\n    Value Float64,\n    Time UInt32,\n    Date Date,\n    Timestamp UInt32\n"
        + $") ENGINE = {engine}\nPARTITION BY toYYYYMM(Date)\nORDER BY (Path, Time)";

    private static string IndexTable(ClickHouseTables tables, string name, string engine, string? onCluster) =>
        $"CREATE TABLE IF NOT EXISTS {tables.Database}.{name}{OnCluster(onCluster)} (\n"
        + "    Date Date,\n    Level UInt32,\n    Path String,\n    Version UInt32\n"
        + $") ENGINE = {engine}\nPARTITION BY toYYYYMM(Date)\nORDER BY (Level, Path, Date)";

    private static string TaggedTable(ClickHouseTables tables, string name, string engine, string? onCluster) =>
        $"CREATE TABLE IF NOT EXISTS {tables.Database}.{name}{OnCluster(onCluster)} (\n"
        + "    Date Date,\n    Tag1 String,\n    Path String,\n    Tags Array(String),\n    Version UInt32\n"
        + $") ENGINE = {engine}\nPARTITION BY toYYYYMM(Date)\nORDER BY (Tag1, Path, Date)";
}

using System.CommandLine;
using Mine.ClickHouse.Schema;
using Mine.Core.Errors;
using Mine.Storage.Schemas;

namespace Mine.Hosting;

/// <summary>
/// <c>mine clickhouse-schema</c>: the DDL of the tables Mine stores into on ClickHouse and the
/// <c>&lt;graphite_rollup&gt;</c> section for ClickHouse's config, made from the same <c>--schemas</c> and
/// <c>--aggregation</c> files <c>serve</c> reads, so the retention a user configured becomes ClickHouse's rollup
/// (docs/clickhouse.md). It prints and changes nothing. Exit codes: 0 printed, 2 bad usage or a bad file (one line).
/// </summary>
internal static class ClickHouseSchemaCommand
{
    public const int BadUsage = 2;

    public static Command Create()
    {
        var cluster = new Option<string?>("--cluster") { Description = "A cluster of ClickHouse's remote_servers: local tables NAME_local on every node (ON CLUSTER) and Distributed tables NAME over them." };
        var replicated = new Option<bool>("--replicated") { Description = "With --cluster: Replicated engines, through ZooKeeper, by the {shard} and {replica} macros." };
        var schemas = new Option<string?>("--schemas") { Description = "carbon's storage-schemas.conf, as for serve (default: the built-in retention)." };
        var aggregation = new Option<string?>("--aggregation") { Description = "carbon's storage-aggregation.conf, as for serve (default: the built-in aggregation)." };
        var database = new Option<string>("--database") { Description = "The tables' database (default: default).", DefaultValueFactory = _ => "default" };
        var rollup = new Option<string>("--rollup") { Description = "The rollup section's name (serve's --clickhouse-rollup; default graphite_rollup).", DefaultValueFactory = _ => "graphite_rollup" };
        var part = new Option<string>("--part") { Description = "What to print: ddl, rollup, or both (default).", DefaultValueFactory = _ => "both" };
        part.AcceptOnlyFromAmong("ddl", "rollup", "both");
        var command = new Command("clickhouse-schema", "Print the ClickHouse tables and the graphite_rollup section for Mine's retention rules.")
        {
            cluster, replicated, schemas, aggregation, database, rollup, part,
        };
        command.SetAction(parse => Run(parse.GetValue(cluster), parse.GetValue(replicated), parse.GetValue(schemas), parse.GetValue(aggregation),
            parse.GetValue(database)!, parse.GetValue(rollup)!, parse.GetValue(part)!));
        return command;
    }

    private static int Run(string? cluster, bool replicated, string? schemasFile, string? aggregationFile, string database, string rollupSection, string part)
    {
        const string Name = "mine clickhouse-schema";
        try
        {
            if (replicated && cluster is null)
            {
                throw new MineUserException("--replicated needs --cluster NAME: replicas live on the nodes of a cluster");
            }

            var tables = new ClickHouseTables { Database = database, Rollup = rollupSection };
            if (tables.Problem() is { } problem)
            {
                throw new MineUserException($"{problem}; give --database and --rollup as plain identifiers");
            }

            if (cluster is not null && !ClickHouseTables.IsIdentifier(cluster))
            {
                throw new MineUserException($"--cluster '{cluster}' is not a plain identifier (letters, digits and '_'); name the cluster as config.xml's remote_servers does");
            }

            var rules = StorageRules.Load(new MineOptions { Schemas = schemasFile, Aggregation = aggregationFile });
            var rollup = RollupRules.From(rules.Schemas ?? StorageSchemas.Default, rules.Aggregation ?? StorageAggregation.Default);
            foreach (var warning in rules.Warnings.Concat(rollup.Warnings))
            {
                Console.Error.WriteLine($"{Name}: warning: {warning}");
            }

            if (part is "ddl" or "both")
            {
                var statements = cluster is null ? ClickHouseSchema.SingleServer(tables) : ClickHouseSchema.Cluster(tables, cluster, replicated);
                Console.WriteLine($"-- Mine's tables on ClickHouse (docs/clickhouse.md); run with clickhouse-client --multiquery.");
                Console.WriteLine(string.Join(";\n\n", statements) + ";");
            }

            if (part is "both")
            {
                Console.WriteLine();
                Console.WriteLine($"-- The rollup section below goes into ClickHouse's config (a file under config.d/ wrapped in <yandex>); a server restart reads it.");
                Console.WriteLine($"-- Print it alone with --part rollup.");
            }

            if (part is "rollup" or "both")
            {
                Console.Write(ClickHouseSchema.RollupXml(rollup, rollupSection));
            }

            return 0;
        }
        catch (MineUserException e)
        {
            Console.Error.WriteLine($"{Name}: {e.Message}");
            return BadUsage;
        }
    }
}

using Mine.ClickHouse.Schema;
using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Tests.Schema;

public sealed class RollupRulesTests
{
    [Fact]
    public void The_built_in_rules_become_one_pattern_per_schema_and_aggregation_pair_in_carbons_order()
    {
        var rules = RollupRules.From(StorageSchemas.Default, StorageAggregation.Default);
        Assert.Empty(rules.Warnings);
        Assert.Equal(
            [
                (@"^mine\..*\.min$", "min"), (@"^mine\..*\.max$", "max"), (@"^mine\..*\.count$", "sum"), (@"^mine\.", "avg"),
                (@"^carbon\..*\.min$", "min"), (@"^carbon\..*\.max$", "max"), (@"^carbon\..*\.count$", "sum"), (@"^carbon\.", "avg"),
                (@"\.min$", "min"), (@"\.max$", "max"), (@"\.count$", "sum"),
            ],
            rules.Patterns.Select(static p => (p.Regexp!, p.Function)));
        Assert.Equal((null, "avg"), (rules.Default.Regexp, rules.Default.Function));

        // 1m:14d,5m:1y: one-minute points from age 0, five-minute points once older than 14 days.
        Assert.Equal([new RollupRetention(0, 60), new RollupRetention(14 * 86_400, 300)], rules.Default.Retentions);
        Assert.Equal([new RollupRetention(0, 10), new RollupRetention(86_400, 60), new RollupRetention(30 * 86_400, 300)], rules.Patterns[0].Retentions);
    }

    [Fact]
    public void Rules_without_a_match_all_fall_back_to_carbons_defaults_and_missing_functions_are_warned_about()
    {
        var schemas = StorageSchemas.Parse("[web]\npattern = ^servers\\.web\nretentions = 10s:1d\n", "test");
        var aggregation = StorageAggregation.Parse("[zero]\npattern = \\.errors$\naggregationMethod = avg_zero\nxFilesFactor = 0\n", "test");
        var rules = RollupRules.From(schemas, aggregation);
        Assert.Equal([(@"^servers\.web.*\.errors$", "avg"), (@"^servers\.web", "avg"), (@"\.errors$", "avg")], rules.Patterns.Select(static p => (p.Regexp!, p.Function)));
        Assert.Equal([new RollupRetention(0, 60)], rules.Default.Retentions); // carbon's 60:7d
        Assert.Contains(rules.Warnings, static w => w.Contains("avg_zero", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pair_that_cannot_be_written_is_left_out_with_a_warning()
    {
        var schemas = StorageSchemas.Parse("[hosts]\npattern = ^servers\\.(web|db)\\.\nretentions = 10s:1d\n[all]\npattern = .*\nretentions = 1m:7d\n", "test");
        var aggregation = StorageAggregation.Parse("[sum]\npattern = \\.count$\naggregationMethod = sum\n[all]\npattern = .*\naggregationMethod = average\n", "test");
        var rules = RollupRules.From(schemas, aggregation);
        Assert.Equal([@"^servers\.(web|db)\.", @"\.count$"], rules.Patterns.Select(static p => p.Regexp!));
        Assert.Contains(rules.Warnings, static w => w.Contains("[hosts]", StringComparison.Ordinal) && w.Contains("[sum]", StringComparison.Ordinal));
    }

    [Fact]
    public void The_xml_has_only_what_clickhouse_18_16_reads()
    {
        var xml = ClickHouseSchema.RollupXml(RollupRules.From(StorageSchemas.Default, StorageAggregation.Default), "graphite_rollup");
        var document = System.Xml.Linq.XElement.Parse(xml);
        Assert.Equal("graphite_rollup", document.Name.LocalName);
        Assert.Equal(
            ["path_column_name", "time_column_name", "value_column_name", "version_column_name", "pattern", "default"],
            document.Elements().Select(static e => e.Name.LocalName).Distinct());
        Assert.All(document.Elements("pattern").Concat(document.Elements("default")), static p =>
        {
            Assert.NotNull(p.Element("function"));
            Assert.All(p.Elements(), static e => Assert.Contains(e.Name.LocalName, new[] { "regexp", "function", "retention" }));
        });
        Assert.Equal(@"^mine\..*\.min$", document.Element("pattern")!.Element("regexp")!.Value);
    }

    [Fact]
    public void The_cluster_ddl_puts_distributed_tables_with_the_configured_names_over_replicated_local_ones()
    {
        var ddl = ClickHouseSchema.Cluster(new ClickHouseTables { Database = "graphite" }, "mine", replicated: true);
        Assert.Contains(ddl, static s => s.Contains("graphite.graphite_local ON CLUSTER mine", StringComparison.Ordinal)
            && s.Contains("ReplicatedGraphiteMergeTree('/clickhouse/tables/{shard}/graphite.graphite_local', '{replica}', 'graphite_rollup')", StringComparison.Ordinal));
        Assert.Contains(ddl, static s => s.Contains("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/graphite.graphite_index_local', '{replica}', Version)", StringComparison.Ordinal));
        Assert.Contains(ddl, static s => s.Contains("ENGINE = Distributed(mine, graphite, graphite_local, cityHash64(Path))", StringComparison.Ordinal));
        Assert.Contains("ReplacingMergeTree(Version)", ClickHouseSchema.Cluster(new ClickHouseTables(), "mine", replicated: false)[2], StringComparison.Ordinal);
    }
}

using Mine.Hosting;

namespace Mine.Server.Tests.Configuration;

/// <summary>
/// Every key of MineOptions (found by reflection, so a new key without a case here fails the test) with a value Mine
/// cannot use, given as its flag when it has one and in a --config file: each gives exactly one problem, one line,
/// naming where the value came from, its key and what to write instead.
/// </summary>
public sealed class BadValueTests
{
    /// <summary>Keys whose every value is valid (free text).</summary>
    private static readonly string[] AnyText = ["Mine:WriteGraphite:Prefix", "Mine:WriteGraphite:Postfix", "Mine:Fleet:GraphitePrefix"];

    /// <summary>The key, a bad value, and a part of the fix the problem must state.</summary>
    private static readonly (string Key, string Value, string Fix)[] Cases =
    [
        ("Mine:ConfigFiles", "no-such-config.json", "no such file"),
        ("Mine:Data", " ", "must name the data folder"),
        ("Mine:Http", "nonsense", "must be host:port or off"),
        ("Mine:Plaintext", "2003", "must be host:port or off"),
        ("Mine:Pickle", "host:port", "must be host:port or off"),
        ("Mine:Collectd", "1.2.3.4:70000", "must be host:port or off"),
        ("Mine:CollectdSecurityLevel", "sometimes", "must be None, Sign or Encrypt"),
        ("Mine:CollectdAuthFile", "no-such-auth-file", "no such file"),
        ("Mine:CollectdTypesDb", "no-such-types.db", "no such file"),
        ("Mine:WriteGraphite:EscapeCharacter", "ab", "must be one character"),
        ("Mine:WriteGraphite:StoreRates", "maybe", "must be true or false"),
        ("Mine:WriteGraphite:SeparateInstances", "1.5", "must be true or false"),
        ("Mine:WriteGraphite:AlwaysAppendDS", "yes", "must be true or false"),
        ("Mine:WriteGraphite:PreserveSeparator", "maybe", "must be true or false"),
        ("Mine:WriteGraphite:DropDuplicateFields", "maybe", "must be true or false"),
        ("Mine:ForwardListen", "on", "must be host:port or off"),
        ("Mine:TlsCert", "no-such.crt", "no such file"),
        ("Mine:TlsKey", "no-such.key", "no such file"),
        ("Mine:TlsCa", "no-such-ca.crt", "no such file"),
        ("Mine:Relay:Buffer", " ", "must name the buffer's folder"),
        ("Mine:Relay:BufferLimit", "lots", "must be a size such as 512M"),
        ("Mine:Relay:Overflow", "sometimes", "must be block or drop-oldest"),
        ("Mine:Relay:ForwardTo", "nonsense", "give HOST:PORT or HOST:PORT:INSTANCE"),
        ("Mine:Relay:CarbonTo", "127.0.0.1", "give HOST:PORT or HOST:PORT:INSTANCE"),
        ("Mine:Relay:CarbonProtocol", "http", "must be pickle or plaintext"),
        ("Mine:Relay:Route", "round_robin", "must be one of carbon_ch"),
        ("Mine:Relay:Replicas", "0", "must be at least 1"),
        ("Mine:Relay:FlushIntervalSeconds", "0", "must be from 0.001 to 3600"),
        ("Mine:Relay:ChunkLimitMiB", "100", "must be from 1 to 64"),
        ("Mine:Schemas", "no-such-schemas.conf", "no such file"),
        ("Mine:Aggregation", "no-such-aggregation.conf", "no such file"),
        ("Mine:NodeName", "  ", "is blank"),
        ("Mine:WalSync", "sometimes", "must be none, interval or always"),
        ("Mine:ClickHouse:Url", "127.0.0.1:8123", "http://127.0.0.1:8123/?database=graphite"),
        ("Mine:ClickHouse:Rollup", "graphite-rollup", "must be a plain identifier"),
        ("Mine:ClickHouse:Cluster", "my cluster", "must be a cluster name"),
        ("Mine:ClickHouse:PointsTable", "db.graphite", "must be a plain table name"),
        ("Mine:ClickHouse:IndexTable", "1index", "must be a plain table name"),
        ("Mine:ClickHouse:TaggedTable", "tagged;", "must be a plain table name"),
        ("Mine:ClickHouse:NamesRefreshSeconds", "0", "at least 1"),
        ("Mine:ClickHouse:Compression", "zstd", "must be auto, gzip or none"),
        ("Mine:MaxSeriesPerRequest", "-5", "must be at least 1"),
        ("Mine:MaxFindNodes", "0", "must be at least 1"),
        ("Mine:MaxPointsPerRequest", "many", "must be a whole number"),
        ("Mine:MaxQuerySeconds", "soon", "must be a number"),
        ("Mine:MaxNewSeriesPerSourcePerMinute", "-1", "must be at least 0 (0 means no limit)"),
        ("Mine:NewSeriesBurstPerSource", "1e6", "must be a whole number"),
        ("Mine:MaxConnections", "-1", "must be at least 0"),
        ("Mine:MaxConnectionsPerListener", "-1", "must be at least 0"),
        ("Mine:MaxConnectionsPerSource", "99999999999", "must be a whole number"),
        ("Mine:TcpIdleTimeoutSeconds", "-1", "must be at least 0 (0 means never)"),
        ("Mine:ConnectionBufferBudgetMiB", "0", "must be from 1 to"),
        ("Mine:MaxRequestMemoryMB", "0", "must be from 1 to"),
        ("Mine:MaxConcurrentRenders", "-2", "must be at least 0"),
        ("Mine:MaxQueuedRenders", "-1", "must be at least 0"),
        ("Mine:RenderQueueSeconds", "NaN", "must be a number"),
        ("Mine:RenderNice", "20", "must be from 0 to 19"),
        ("Mine:SlowQueryMilliseconds", "-1", "must be at least 0 (0 means never)"),
        ("Mine:AdminToken", " ", "is blank"),
        ("Mine:AdminTokenFile", ".", "is a folder"),
        ("Mine:ReadToken", "two words", "holds a space"),
        ("Mine:BasicAuthFile", "no-such-users", "no such file"),
        ("Mine:HttpTlsCert", "no-such.crt", "no such file"),
        ("Mine:HttpTlsKey", "no-such.key", "no such file"),
        ("Mine:Jsonp", "maybe", "must be true or false"),
        ("Mine:SelfMetricsIntervalSeconds", "-10", "must be at least 0"),
        ("Mine:Fleet:GraphiteHostNode", "x", "must be auto (the default: learnt from the paths) or a node number from -1 to 32"),
        ("Mine:Fleet:GroupRules", "(", "is not a valid regular expression"),
        ("Mine:Fleet:IntervalSeconds", "0", "must be more than 0"),
        ("Mine:Fleet:StaleIntervals", "0", "must be at least 1"),
        ("Mine:Fleet:LandmineRefreshSeconds", "0", "must be at least 1"),
        ("Mine:Landmines:K", "0", "must be more than 0"),
        ("Mine:Landmines:Window", "soon", "must be a positive interval such as 15min"),
        ("Mine:Landmines:History", "20min", "must be at least four windows"),
        ("Mine:Landmines:IgnoreMetrics", "cpus", "names 'cpus', which is not a metric"),
        ("Mine:Landmines:Horizon", "30s", "must be at least 1min"),
        ("Mine:Landmines:Groups", "web", "is a map of names to their own keys"),
        ("Mine:Alerts:Webhooks", "teams:https://x.example/hook", "must be an http or https URL, optionally after slack:"),
        ("Mine:Alerts:RulesFile", "no-such-rules.json", "no such file"),
        ("Mine:Alerts:EvaluateSeconds", "0", "must be from 1 to 86400"),
        ("Mine:Alerts:GroupSeconds", "-1", "must be from 0 to 3600"),
        ("Mine:Alerts:ResolveDelaySeconds", "soon", "must be a whole number"),
        ("Mine:Alerts:RetryMaxSeconds", "0", "must be from 1 to 86400"),
        ("Mine:Alerts:RetryMaxAttempts", "0", "must be from 1 to 1000"),
        ("Mine:Alerts:TimeoutSeconds", "0", "must be from 0.1 to 600"),
        ("Mine:Alerts:QueueCapacity", "0", "must be from 1 to 1000000"),
        ("Mine:Alerts:PublicUrl", "mine.example.com", "must be Mine's address as people reach it"),
        ("Mine:Alerts:Landmines", "maybe", "must be true or false"),
        ("Mine:Alerts:StaleHosts", "maybe", "must be true or false"),
        ("Mine:Demo", "maybe", "must be true or false"),
    ];

    [Fact]
    public void Every_key_has_a_bad_value_case_or_takes_any_text()
    {
        var keys = OptionKeys.Leaves.Select(static k => k.Key).ToHashSet();
        var covered = Cases.Select(static c => c.Key).Concat(AnyText).ToHashSet();
        Assert.Empty(keys.Except(covered));
        Assert.Empty(covered.Except(keys));
    }

    [Fact]
    public void Any_text_keys_take_any_text()
    {
        using var check = new SettingsCheck();
        foreach (var key in AnyText)
        {
            Assert.Empty(SettingsCheck.Problems(OptionsScope.Serve, "--config", check.WriteSetting(key, "any text: ! ( [")));
        }
    }

    [Fact]
    public void A_bad_value_as_a_flag_is_one_problem_naming_the_flag_the_key_and_the_fix()
    {
        var failures = new List<string>();
        foreach (var (key, value, fix) in Cases)
        {
            var option = OptionKeys.Find(key)!;
            if (ConfigFlags.FlagOf(key) is not { } flag || option.ValueType == typeof(bool))
            {
                continue; // no flag takes this value: the file case covers it
            }

            var problems = SettingsCheck.Problems(ScopeOf(key), [.. BaseArguments(key), flag, value]);
            Expect(failures, $"{flag} {value}", problems, key, fix, problem => problem.StartsWith($"{flag} ", StringComparison.Ordinal));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_bad_value_in_a_config_file_is_one_problem_naming_the_file_the_key_and_the_fix()
    {
        using var check = new SettingsCheck();
        var failures = new List<string>();
        foreach (var (key, value, fix) in Cases.Where(static c => c.Key != "Mine:ConfigFiles"))
        {
            var file = check.WriteSetting(key, value, list: OptionKeys.Find(key)!.Shape == OptionShape.List);
            var problems = SettingsCheck.Problems(ScopeOf(key), [.. BaseArguments(key), "--config", file]);
            Expect(failures, $"{key}={value} in a file", problems, key, fix, problem => problem.Contains($"\"{value}\" in {file} ({key}", StringComparison.Ordinal));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static void Expect(List<string> failures, string given, IReadOnlyList<string> problems, string key, string fix, Func<string, bool> names)
    {
        if (problems.Count != 1)
        {
            failures.Add($"{given}: {problems.Count} problems: {string.Join(" | ", problems)}");
            return;
        }

        var problem = problems[0];
        if (!problem.Contains($"({key}", StringComparison.Ordinal) || !problem.Contains(fix, StringComparison.Ordinal) || !names(problem) || problem.Contains('\n', StringComparison.Ordinal))
        {
            failures.Add($"{given}: {problem}");
        }
    }

    private static OptionsScope ScopeOf(string key) => key.StartsWith("Mine:Relay:", StringComparison.Ordinal) ? OptionsScope.Relay : OptionsScope.Serve;

    /// <summary>A relay needs a destination, except when the case is about the destinations.</summary>
    private static string[] BaseArguments(string key) =>
        ScopeOf(key) == OptionsScope.Relay && key is not ("Mine:Relay:ForwardTo" or "Mine:Relay:CarbonTo") ? ["--forward-to", "127.0.0.1:9"] : [];
}

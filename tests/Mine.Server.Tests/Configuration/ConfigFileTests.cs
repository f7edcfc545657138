using Mine.Hosting;

namespace Mine.Server.Tests.Configuration;

/// <summary>Config files that cannot be used, keys that are not Mine's, and where each value comes from.</summary>
public sealed class ConfigFileTests
{
    [Fact]
    public void The_messages_of_the_reference_examples_are_exact()
    {
        using var check = new SettingsCheck();
        Assert.Equal(["--wal-sync sometimes (Mine:WalSync): must be none, interval or always"], SettingsCheck.Problems(OptionsScope.Serve, "--wal-sync", "sometimes"));
        var file = check.Write("""{ "Mine": { "MaxQuerySeconds": "soon" } }""");
        Assert.Equal([$"\"soon\" in {file} (Mine:MaxQuerySeconds): must be a number (with a dot for decimals: 0.5)"], SettingsCheck.Problems(OptionsScope.Serve, "--config", file));
    }

    [Fact]
    public void A_misspelt_key_is_refused_with_the_key_meant()
    {
        using var check = new SettingsCheck();
        var file = check.Write("""{ "Mine": { "Htp": "127.0.0.1:9090", "GraphiteHostNode": 1, "Fleet": { "StaleInterval": 5 }, "Nonsense": { "Deep": 1 } } }""");
        var problems = SettingsCheck.Problems(OptionsScope.Serve, "--config", file);
        Assert.Equal(
            [
                $"unknown key Mine:Fleet:StaleInterval in {file}; did you mean Mine:Fleet:StaleIntervals?",
                $"unknown key Mine:GraphiteHostNode in {file}; did you mean Mine:Fleet:GraphiteHostNode?",
                $"unknown key Mine:Htp in {file}; did you mean Mine:Http?",
                $"unknown key Mine:Nonsense in {file}; remove it (docs/configuration.md lists every key)",
            ],
            problems);
    }

    [Fact]
    public void A_key_under_a_value_and_a_value_for_a_section_or_a_list_are_refused()
    {
        using var check = new SettingsCheck();
        var file = check.Write("""{ "Mine": { "Http": { "Port": 80 }, "Fleet": "servers", "CollectdTypesDb": "/usr/share/collectd/types.db" } }""");
        var problems = SettingsCheck.Problems(OptionsScope.Serve, "--config", file);
        Assert.Equal(3, problems.Count);
        Assert.Contains("(Mine:CollectdTypesDb, flag --collectd-types-db): is a list: give a JSON array, MINE__COLLECTDTYPESDB__0", problems[0], StringComparison.Ordinal);
        Assert.Contains("(Mine:Fleet): is a section, not a value", problems[1], StringComparison.Ordinal);
        Assert.Contains($"unknown key Mine:Http:Port in {file}: Mine:Http is a single value", problems[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_valid_JSON_is_named_with_the_line_and_column()
    {
        using var check = new SettingsCheck();
        var file = check.Write("{\n  \"Mine\": {\n    \"Http\": \"127.0.0.1:9090\"\n    \"Pickle\": \"off\"\n  }\n}\n");
        var problem = Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--config", file));
        Assert.StartsWith($"--config {file} (Mine:ConfigFiles): not valid JSON at line 4, column 5: ", problem, StringComparison.Ordinal);
        Assert.EndsWith("; fix the file", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "the top level must be a JSON object")]
    [InlineData("""{ "Mine": { "Http": "a", "http": "b" } }""", "duplicate key")]
    public void A_file_configuration_cannot_read_is_named(string text, string fix)
    {
        using var check = new SettingsCheck();
        var file = check.Write(text);
        var problem = Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--config", file));
        Assert.StartsWith($"--config {file} (Mine:ConfigFiles): ", problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_file_a_folder_and_a_section_other_than_Mine_and_Logging_are_refused()
    {
        using var check = new SettingsCheck();
        var misspelt = check.Write("""{ "Mnie": { "Http": "off" }, "Logging": { "LogLevel": { "Default": "Warning" } } }""");
        var problems = SettingsCheck.Problems(OptionsScope.Serve, "--config", Path.Combine(check.Folder, "absent.json"), "--config", check.Folder, "--config", misspelt);
        Assert.Equal(
            [
                $"--config {Path.Combine(check.Folder, "absent.json")} (Mine:ConfigFiles): no such file; give the path of a JSON file with a \"Mine\" section (docs/configuration.md)",
                $"--config {check.Folder} (Mine:ConfigFiles): is a folder; give the path of a JSON file with a \"Mine\" section (docs/configuration.md)",
                $"unknown section \"Mnie\" in {misspelt}; did you mean \"Mine\"? Mine reads only the sections \"Mine\" and \"Logging\" (docs/configuration.md)",
            ],
            problems);
    }

    [Fact]
    public void Log_levels_are_checked()
    {
        using var check = new SettingsCheck();
        var file = check.Write("""{ "Logging": { "LogLevel": { "Default": "Verbose", "Mine.Api": "debug" } } }""");
        var problem = Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--config", file));
        Assert.Equal($"\"Verbose\" in {file} (Logging:LogLevel:Default): must be Trace, Debug, Information, Warning, Error, Critical or None", problem);
    }

    [Fact]
    public void A_config_file_cannot_name_further_config_files()
    {
        using var check = new SettingsCheck();
        var inner = check.Write("{}");
        var outer = check.WriteSetting("Mine:ConfigFiles", inner, list: true);
        var problem = Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--config", outer));
        Assert.StartsWith($"{outer} names config files in Mine:ConfigFiles: a --config file cannot name further config files", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_need_each_other_are_checked_together()
    {
        Assert.Contains("needs --collectd-auth-file FILE", Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--collectd-security-level", "Sign")), StringComparison.Ordinal);
        Assert.StartsWith("--tls-key is missing: give --tls-cert, --tls-key and --tls-ca together", Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--tls-cert", typeof(ConfigFileTests).Assembly.Location, "--tls-ca", typeof(ConfigFileTests).Assembly.Location)), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_found_not_only_the_first()
    {
        using var check = new SettingsCheck();
        var file = check.Write("""{ "Mine": { "Htp": "x", "MaxQuerySeconds": "soon" } }""");
        var problems = SettingsCheck.Problems(OptionsScope.Serve, "--config", file, "--http", "nonsense", "--wal-sync", "sometimes", "--host-node", "x", "--group-rule", "(", "--schemas", "no-such-file");
        Assert.Equal(7, problems.Count);
    }

    [Fact]
    public void Relay_settings_are_checked_for_relay_and_serve_settings_for_serve()
    {
        using var check = new SettingsCheck();
        var file = check.Write("""{ "Mine": { "WalSync": "sometimes", "Relay": { "Overflow": "sometimes" } } }""");
        var serve = Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--config", file));
        Assert.Contains("(Mine:WalSync", serve, StringComparison.Ordinal);
        var relay = Assert.Single(SettingsCheck.Problems(OptionsScope.Relay, "--config", file, "--forward-to", "127.0.0.1:9"));
        Assert.Contains("(Mine:Relay:Overflow", relay, StringComparison.Ordinal);
        Assert.Contains("give at least one destination", Assert.Single(SettingsCheck.Problems(OptionsScope.Relay)), StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_win_over_files_and_later_files_over_earlier_ones_and_each_value_says_where_it_came_from()
    {
        using var check = new SettingsCheck();
        var first = check.Write("""{ "Mine": { "Http": "127.0.0.1:1", "Pickle": "127.0.0.1:2", "MaxQuerySeconds": 5 } }""");
        var second = check.Write("""{ "Mine": { "Pickle": "127.0.0.1:3", "Fleet": { "GroupRules": [ "^(web)" ] } } }""");
        var (configuration, options, problems) = SettingsCheck.Check(OptionsScope.Serve, "--config", first, "--config", second, "--http", "127.0.0.1:4", "--group-rule", "^(db)");
        Assert.Empty(problems);
        Assert.Equal(("127.0.0.1:4", "127.0.0.1:3", 5.0), (options.Http, options.Pickle, options.MaxQuerySeconds));
        Assert.Equal("flag --http", configuration.OriginOf("Mine:Http").Label);
        Assert.Equal(second, configuration.OriginOf("Mine:Pickle").Label);
        Assert.Equal(first, configuration.OriginOf("Mine:MaxQuerySeconds").Label);
        Assert.Equal("default", configuration.OriginOf("Mine:WalSync").Label);

        var report = ConfigCheckCommand.Report(configuration, options, OptionsScope.Serve);
        Assert.Matches($@"(?m)^Mine:Http +127\.0\.0\.1:4 +flag --http\r?$", report);
        Assert.Matches($@"(?m)^Mine:Pickle +127\.0\.0\.1:3 +{System.Text.RegularExpressions.Regex.Escape(second)}\r?$", report);
        Assert.Matches(@"(?m)^Mine:Fleet:GroupRules +\[\^\(db\)\] +flag --group-rule\r?$", report);
        Assert.Matches(@"(?m)^Mine:WalSync +interval +default\r?$", report);
        Assert.Contains($"  {first}\n", report.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_admin_token_is_not_printed()
    {
        var (configuration, options, problems) = SettingsCheck.Check(OptionsScope.Serve, "--admin-token", "s3cret-token");
        Assert.Empty(problems);
        var report = ConfigCheckCommand.Report(configuration, options, OptionsScope.Serve);
        Assert.DoesNotContain("s3cret-token", report, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Mine:AdminToken +\(set, not shown\) +flag --admin-token\r?$", report);
    }

    [Fact]
    public void Serve_does_not_start_with_a_bad_setting()
    {
        var error = Assert.Throws<OptionsException>(() => MineServer.Build(new Dictionary<string, string?> { ["Mine:WalSync"] = "sometimes", ["Mine:Http"] = "127.0.0.1:0" }));
        Assert.Equal(["--wal-sync sometimes (Mine:WalSync): must be none, interval or always"], error.Problems);
    }
}

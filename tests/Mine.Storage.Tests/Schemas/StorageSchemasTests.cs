using Mine.Storage.Schemas;

namespace Mine.Storage.Tests.Schemas;

/// <summary>
/// The tricky file below was also loaded by carbon 1.1.8's own loadStorageSchemas (/usr/bin/python3, WhisperDatabase
/// validation on); the rules kept, skipped and matched here are what carbon printed.
/// </summary>
public class StorageSchemasTests
{
    private const string TrickyFile = """
        # comment
        [DEFAULT]
        retentions = 60:1d

        [nopattern]
        retentions = 10s:1h

        [bad_archives]
        pattern = ^bad\.
        retentions = 180s:7d,300s:30d

        [tagged]
        pattern = ;env=prod
        retentions = 10s:1d

        [interp]
        base = ^app
        pattern = %(base)s\.
        retentions = 1m:1d,
          5m:30d

        [percent]
        pattern = ^pct%%\.
        retentions = 1m:2d

        [count]
        pattern = \.count$
        retentions = 1m:3d
        """;

    private static readonly StorageSchemas Tricky = StorageSchemas.Parse(TrickyFile, "tricky.conf");

    [Fact]
    public void Keeps_and_skips_the_sections_carbon_keeps_and_skips()
    {
        Assert.Equal(["tagged", "interp", "percent", "count", "default"], Tricky.Rules.Select(r => r.Name));
        Assert.Equal([new ArchiveSpec(60, 1440), new ArchiveSpec(300, 8640)], Tricky.Rules[1].Archives);
        Assert.Equal(@"^pct%\.", Tricky.Rules[2].Pattern);
        Assert.Equal([new ArchiveSpec(60, 10080)], Tricky.Rules[^1].Archives); // carbon's fallback
        Assert.Collection(
            Tricky.Warnings,
            w => Assert.Equal("tricky.conf: section [DEFAULT] (line 2) has no 'pattern'; skipped, as carbon skips it", w),
            w => Assert.Equal("tricky.conf: section [nopattern] (line 5) has no 'pattern'; skipped, as carbon skips it", w),
            w => Assert.Equal(
                "tricky.conf: section [bad_archives] (line 8): retentions = 180s:7d,300s:30d: Higher precision archives' " +
                "precision must evenly divide all lower precision archives' precision (archive0: 180, archive1: 300); " +
                "skipped, as carbon skips it",
                w));
    }

    [Theory]
    [InlineData("bad.x", "default")]
    [InlineData("a.count;env=prod", "tagged")]
    [InlineData("a.b;env=prod", "tagged")]
    [InlineData("app.x", "interp")]
    [InlineData("pct%.x", "percent")]
    [InlineData("x.count", "count")]
    [InlineData("zzz", "default")]
    [InlineData("hits.count;env=dev", "default")] // tags are part of the searched name, so \.count$ misses
    public void First_match_in_file_order_wins(string metric, string rule) =>
        Assert.Equal(rule, Tricky.Match(metric).Name);

    [Fact]
    public void Builtin_defaults_are_the_leads_rules()
    {
        var schemas = StorageSchemas.Default;

        Assert.Equal(["mine_self", "carbon", "default"], schemas.Rules.Select(r => r.Name));
        Assert.Empty(schemas.Warnings);
        Assert.Equal([new ArchiveSpec(10, 8640), new ArchiveSpec(60, 43200), new ArchiveSpec(300, 105120)], schemas.Match("mine.node1.points").Archives);
        Assert.Equal([new ArchiveSpec(60, 129600)], schemas.Match("carbon.agents.a.cpuUsage").Archives);
        Assert.Equal([new ArchiveSpec(60, 20160), new ArchiveSpec(300, 105120)], schemas.Match("servers.web-001.load").Archives);
        Assert.Equal("default", schemas.Match("minecraft.players").Name);
        Assert.Equal(365L * 86400, schemas.Match("x").MaxRetentionSeconds);
    }

    public static TheoryData<string> RealCarbonFiles() => new()
    {
        "/etc/carbon/storage-schemas.conf",
        "/usr/share/doc/graphite-carbon/examples/storage-schemas.conf.example",
    };

    /// <summary>Debian's installed files (both say [carbon] 60:90d and [default] 60s:1d,5m:30d,1h:3y).</summary>
    [Theory]
    [MemberData(nameof(RealCarbonFiles))]
    public void Loads_carbons_own_files_unchanged(string path)
    {
        if (!File.Exists(path))
        {
            return; // not a Debian box with graphite-carbon; the same text is covered by the inline copy below
        }

        AssertCarbonExample(StorageSchemas.Load(path));
    }

    [Fact]
    public void Loads_carbons_example_text() => AssertCarbonExample(StorageSchemas.Parse(
        """
        # Schema definitions for Whisper files. Entries are scanned in order,
        # and first match wins. This file is scanned for changes every 60 seconds.
        #
        #  [name]
        #  pattern = regex
        #  retentions = timePerPoint:timeToStore, timePerPoint:timeToStore, ...

        # Carbon's internal metrics. This entry should match what is specified in
        # CARBON_METRIC_PREFIX and CARBON_METRIC_INTERVAL settings
        [carbon]
        pattern = ^carbon\.
        retentions = 60:90d

        [default]
        pattern = .*
        retentions = 60s:1d,5m:30d,1h:3y
        """,
        "storage-schemas.conf.example"));

    [Theory]
    [InlineData("[a]\npattern = (\nretentions = 60:1d", "x.conf: section [a] (line 1): pattern = (: not a valid regular expression")]
    [InlineData("[a]\npattern = .*\nretentions = 60:1d,5x:1y", "x.conf: section [a] (line 1): retentions = 60:1d,5x:1y: Invalid unit 'x'")]
    [InlineData("[a]\nretentions = 60", "x.conf: section [a] (line 1): retentions = 60: Invalid retention definition '60'")] // parsed before the pattern check, as carbon does
    [InlineData("[a]\npattern = .*\nretentions =", "Invalid retention definition ''")]
    [InlineData("pattern = .*", "x.conf:1: 'pattern = .*' comes before any [section] header")]
    [InlineData("[a]\n[a]", "x.conf:2: section [a] already exists")]
    [InlineData("[a]\npattern = .*\npattern = x", "x.conf:3: option 'pattern' in section [a] already exists")]
    [InlineData("[a]\njust words", "x.conf:2: expected 'key = value', found 'just words'")]
    [InlineData("[a]\npattern = 50%\nretentions = 60:1d", "x.conf:2: [a] pattern: '%' must be followed by '%' or '(name)s'")]
    [InlineData("[a]\npattern = %(nope)s\nretentions = 60:1d", "refers to an option that does not exist")]
    public void Errors_name_the_file_the_place_and_the_rule(string text, string message)
    {
        var error = Assert.Throws<StorageConfigException>(() => StorageSchemas.Parse(text, "x.conf"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_syntax_follows_pythons_configparser()
    {
        var schemas = StorageSchemas.Parse(
            """
            ; semicolon comment
            [Keys]
            PATTERN: ^k\.
            Retentions = 1m:1d   
            [inline]
            pattern = ^i\. # not a comment in configparser
            retentions = 1m:1d
            [named]
            pattern = ^(?P<host>web)-(?P=host)\Z
            retentions = 1m:1d
            [ignored] trailing
            pattern = .*
            retentions = 1m:1d
            """,
            "syntax.conf");

        Assert.Equal(["Keys", "inline", "named", "default"], schemas.Rules.Select(r => r.Name));
        Assert.Equal("Keys", schemas.Match("k.x").Name);
        Assert.Equal("default", schemas.Match("i.x").Name); // the pattern really is '^i\. # not a comment...'
        Assert.Equal("inline", schemas.Match("i. # not a comment in configparser").Name);
        Assert.Equal("named", schemas.Match("web-web").Name);
        Assert.Equal("default", schemas.Match("web-web\n").Name); // Python's \Z is the absolute end
        Assert.Contains(schemas.Warnings, w => w.Contains("section [ignored] is ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_reports_a_missing_file() =>
        Assert.Contains("not found", Assert.Throws<StorageConfigException>(() => StorageSchemas.Load("/nonexistent/s.conf")).Message, StringComparison.Ordinal);

    private static void AssertCarbonExample(StorageSchemas schemas)
    {
        Assert.Equal(["carbon", "default", "default"], schemas.Rules.Select(r => r.Name)); // file's rules + fallback
        Assert.Empty(schemas.Warnings);
        Assert.Equal([new ArchiveSpec(60, 129600)], schemas.Match("carbon.agents.host-a.cache.size").Archives);
        Assert.Equal(
            [new ArchiveSpec(60, 1440), new ArchiveSpec(300, 8640), new ArchiveSpec(3600, 26280)],
            schemas.Match("servers.web-001.cpu-0.cpu-user").Archives);
    }
}

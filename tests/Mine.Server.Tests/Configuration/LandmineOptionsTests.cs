using System.Text.Json;
using Mine.Hosting;

namespace Mine.Server.Tests.Configuration;

/// <summary><c>Mine:Landmines</c>: a group's own tuning applies to that group only, and its bad values and unknown
/// keys are refused at start, one line each, naming the group's key.</summary>
public sealed class LandmineOptionsTests
{
    [Fact]
    public void A_groups_own_values_apply_to_it_and_the_keys_it_leaves_out_are_the_fleets()
    {
        using var check = new SettingsCheck();
        var file = check.Write("""{"Mine": {"Landmines": {"K": 3.5, "History": "12h", "Groups": {"db": {"K": 5, "IgnoreMetrics": ["nginx"], "Window": "30min"}}}}}""");
        var (_, options, problems) = SettingsCheck.Check(OptionsScope.Serve, "--config", file);
        Assert.Empty(problems);

        var settings = LandmineSetup.Settings(options.Landmines);
        var db = settings.For("db");
        Assert.Equal((5.0, 1800L, 12 * 3600L), (db.K, db.WindowSeconds, db.HistorySeconds));
        Assert.Equal(["nginx"], db.IgnoreMetrics);
        var web = settings.For("web");
        Assert.Equal((3.5, 900L, 12 * 3600L), (web.K, web.WindowSeconds, web.HistorySeconds));
        Assert.Empty(web.IgnoreMetrics);
        Assert.Equal(24 * 3600L, web.HorizonSeconds);
    }

    [Theory]
    [InlineData("""{"db": {"K": -1}}""", "Mine:Landmines:Groups:db:K", "must be more than 0")]
    [InlineData("""{"db": {"Window": "often"}}""", "Mine:Landmines:Groups:db:Window", "must be a positive interval")]
    [InlineData("""{"db": {"IgnoreMetrics": ["ngnix"]}}""", "Mine:Landmines:Groups:db:IgnoreMetrics:0", "names 'ngnix', which is not a metric")]
    [InlineData("""{"db": {"Kay": 4}}""", "Mine:Landmines:Groups:db:Kay", "unknown key")]
    [InlineData("""{"db": 4}""", "Mine:Landmines:Groups:db", "is an entry of Mine:Landmines:Groups")]
    public void A_bad_group_value_is_refused_at_start_in_one_line_naming_its_key(string groups, string key, string fix)
    {
        using var check = new SettingsCheck();
        var file = check.Write("""{"Mine": {"Landmines": {"Groups": """ + groups + "}}}");
        var problem = Assert.Single(SettingsCheck.Problems(OptionsScope.Serve, "--config", file));
        Assert.Contains(key, problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public async Task The_server_judges_a_group_by_its_own_tuning()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:Landmines:Groups:db:K"] = "7",
            ["Mine:Landmines:Groups:db:Window"] = "30min",
        });
        await server.SendPlaintextAsync(string.Concat(Enumerable.Range(1, 4).Select(i => $"db-{i}.load.load.shortterm 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\nweb-{i}.load.load.shortterm 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\n")));
        await server.WaitForMetricAsync("mine_points_ingested_total", 8);
        using var db = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/groups/db"));
        Assert.Equal((7.0, "30min"), (db.RootElement.GetProperty("k").GetDouble(), db.RootElement.GetProperty("window").GetString()));
        using var web = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/groups/web"));
        Assert.Equal((3.0, "15min"), (web.RootElement.GetProperty("k").GetDouble(), web.RootElement.GetProperty("window").GetString()));
    }
}

using Mine.TestKit;

namespace Mine.Fleet.Tests.Generated;

/// <summary>
/// The real <see cref="LandmineDetector"/> over seeded synthetic fleets (<see cref="GeneratedFleet"/>): every planted
/// case is listed with the right kind, side and evidence, and at most one host in 100 that was not planted is.
/// Several seeds, so that the thresholds do not pass by luck.
/// </summary>
public sealed class GeneratedFleetTests
{
    private const long Now = 1_780_000_020 - (1_780_000_020 % GeneratedFleet.Step);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Every_planted_case_is_found_with_at_most_one_false_alarm_per_100_hosts(int seed)
    {
        var generated = new GeneratedFleet(seed, Now);
        var snapshot = Detect(generated);

        var listed = snapshot.Landmines.ToDictionary(static l => l.Host);
        var failures = new List<string>();
        foreach (var planted in generated.Planted)
        {
            if (!listed.TryGetValue(planted.Host, out var landmine))
            {
                failures.Add($"{planted.Case} {planted.Host}: not listed");
                continue;
            }

            var problem = planted.Case switch
            {
                PlantedCase.LevelOver => Expect(landmine, "above", combined: false, "cpu", "load"),
                PlantedCase.LevelUnder => Expect(landmine, "below", combined: false, "if_tx", "nginx"),
                PlantedCase.ManyMildlyLow => Expect(landmine, "below", combined: true, "cpu", "disk_ops", "if_rx", "if_tx", "load", "nginx"),
                PlantedCase.OwnNormalSpike => Expect(landmine, "above", combined: false, "disk_ops"),
                _ => landmine.Kind == LandmineKind.Stale && landmine.Evidence.Count == 0 ? null : $"kind {landmine.Kind}",
            };
            if (problem is not null)
            {
                failures.Add($"{planted.Case} {planted.Host}: {problem}");
            }
        }

        var plantedHosts = generated.Planted.Select(static p => p.Host).ToHashSet();
        var falseAlarms = snapshot.Landmines.Where(l => !plantedHosts.Contains(l.Host)).Select(static l => $"{l.Host} {l.Kind} {l.Side} {l.Score:F1} {string.Join(",", l.Evidence.Select(static e => $"{e.Metric.Id}:{e.Score:F1}"))}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Concat(falseAlarms.Select(static f => "false alarm " + f))));
        Assert.True(falseAlarms.Count <= Math.Max(1, generated.Hosts.Count / 100), $"{falseAlarms.Count} false alarms among {generated.Hosts.Count} hosts:\n{string.Join("\n", falseAlarms)}");
    }

    [Fact]
    public void The_spike_is_judged_against_the_hosts_own_normal_and_says_how_far_off_it_is()
    {
        var generated = new GeneratedFleet(11, Now);
        var snapshot = Detect(generated);
        foreach (var spike in generated.Planted.Where(static p => p.Case == PlantedCase.OwnNormalSpike))
        {
            var evidence = snapshot.Landmines.Single(l => l.Host == spike.Host).Evidence[0];
            Assert.Equal("disk_ops", evidence.Metric.Id);
            Assert.InRange(evidence.RatioToNormal!.Value, 2.2, 2.8);

            // Inside the group's band: the group's own members run from below it to well above it.
            var members = snapshot.Groups[spike.Group].Single(m => m.Metric.Id == "disk_ops").Members;
            Assert.True(members.Count > 10);
            Assert.True(evidence.RatioToGroup < 2, $"ratio to the group's median {evidence.RatioToGroup}");
        }
    }

    [Fact]
    public void Stale_hosts_are_listed_as_stale_only_and_the_verdicts_agree_with_the_list()
    {
        var generated = new GeneratedFleet(12, Now);
        var snapshot = Detect(generated);
        var stale = generated.Planted.Where(static p => p.Case == PlantedCase.Stale).Select(static p => p.Host).ToHashSet();
        Assert.Equal(stale.Order(StringComparer.Ordinal), snapshot.Landmines.Where(static l => l.Kind == LandmineKind.Stale).Select(static l => l.Host).Order(StringComparer.Ordinal));
        Assert.All(stale, h => Assert.Single(snapshot.Landmines, l => l.Host == h));
        Assert.All(snapshot.Groups.Values.SelectMany(static g => g).SelectMany(static m => m.Members), m => Assert.DoesNotContain(m.Host, stale));

        // One verdict per host; the list and the verdicts say the same of every host.
        Assert.Equal(generated.Hosts.Count, snapshot.Verdicts.Count);
        var listed = snapshot.Landmines.ToDictionary(static l => l.Host);
        foreach (var (host, verdict) in snapshot.Verdicts)
        {
            Assert.Equal(listed.TryGetValue(host, out var landmine) ? landmine.Kind : LandmineKind.Ok, verdict.Kind);
            if (verdict.Kind == LandmineKind.Level)
            {
                Assert.True(Math.Abs(snapshot.HostScores[host]) >= LandmineDetector.TileThreshold);
            }
            else if (snapshot.HostScores.TryGetValue(host, out var score))
            {
                Assert.True(Math.Abs(score) < LandmineDetector.TileThreshold);
            }
        }
    }

    [Fact]
    public void A_group_tuned_to_ignore_metrics_and_a_higher_k_is_judged_by_its_own_tuning()
    {
        var generated = new GeneratedFleet(13, Now);
        var settings = new LandmineSettings
        {
            Groups = new Dictionary<string, LandmineTuning>(StringComparer.Ordinal)
            {
                ["web"] = new() { IgnoreMetrics = new HashSet<string>(["disk_ops", "cpu", "load"], StringComparer.Ordinal), K = 50 },
            },
        };
        var snapshot = Detect(generated, settings);
        Assert.DoesNotContain(snapshot.Groups["web"], m => m.Metric.Id is "disk_ops" or "cpu" or "load");
        Assert.Contains(snapshot.Groups["app"], m => m.Metric.Id == "disk_ops");
        var web = generated.Planted.Where(static p => p.Group == "web").ToDictionary(static p => p.Case, static p => p.Host);
        Assert.DoesNotContain(snapshot.Landmines, l => l.Host == web[PlantedCase.OwnNormalSpike] || l.Host == web[PlantedCase.LevelOver]);
        Assert.Contains(snapshot.Landmines, l => l.Host == generated.Planted.Single(p => p.Group == "app" && p.Case == PlantedCase.OwnNormalSpike).Host);
    }

    [Fact]
    public void A_run_after_the_first_reads_only_the_recent_hour_and_at_most_one_metrics_history()
    {
        var generated = new GeneratedFleet(14, Now);
        var directory = Directory.CreateTempSubdirectory("mine-generated-fleet").FullName;
        try
        {
            var clock = new ManualClock(Now);
            var detector = new LandmineDetector(generated.Registry(directory, clock), generated.Source, time: clock);
            detector.Get();
            var first = generated.Source.PointsRead;
            clock.Now += detector.RefreshSeconds;
            detector.Get();
            var second = generated.Source.PointsRead - first;
            Assert.True(second < first / 4, $"the first run read {first} points, the next {second}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Normals_missing_at_the_first_run_are_learnt_again_within_minutes_not_after_an_hour()
    {
        var generated = new GeneratedFleet(15, Now);
        var spike = generated.Planted.First(static p => p.Case == PlantedCase.OwnNormalSpike);
        var directory = Directory.CreateTempSubdirectory("mine-generated-fleet").FullName;
        try
        {
            // At the first run only the last hour is written (Mine started while the history was still arriving):
            // nobody has a normal, and the spike is judged against its group alone.
            var clock = new ManualClock(Now);
            var detector = new LandmineDetector(generated.Registry(directory, clock), generated.Source, time: clock);
            clock.Now = Now - HostBaselines.IncompleteRetrySeconds - 100;
            generated.Source.WrittenFrom = clock.Now - 3600;
            Assert.All(detector.Get().Landmines.Where(static l => l.Kind == LandmineKind.Level).SelectMany(static l => l.Evidence), static e => Assert.Null(e.RatioToNormal));

            // The history arrives; ten minutes later (not an hour) the normals are learnt again, one metric per run.
            generated.Source.WrittenFrom = 0;
            clock.Now = Now;
            var snapshot = detector.Get();
            for (var run = 0; run < LandmineDetector.Metrics.Length; run++)
            {
                snapshot = detector.Get(maxAgeSeconds: 0, CancellationToken.None);
            }

            var found = Assert.Single(snapshot.Landmines, l => l.Host == spike.Host);
            Assert.Equal(LandmineKind.Level, found.Kind);
            Assert.Contains(found.Evidence, static e => e.Beyond && e.RatioToNormal is > 2);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static LandmineSnapshot Detect(GeneratedFleet generated, LandmineSettings? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("mine-generated-fleet").FullName;
        try
        {
            var clock = new ManualClock(Now);
            return new LandmineDetector(generated.Registry(directory, clock), generated.Source, time: clock, settings: settings).Get();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string? Expect(Landmine landmine, string side, bool combined, params string[] metrics)
    {
        if (landmine.Kind != LandmineKind.Level || landmine.Side != side || landmine.Combined != combined)
        {
            return $"{landmine.Kind} {landmine.Side} combined={landmine.Combined}, expected level {side} combined={combined}";
        }

        var evidence = landmine.Evidence.Select(static e => e.Metric.Id).ToHashSet();
        var missing = metrics.Where(m => !evidence.Contains(m)).ToList();
        return missing.Count == 0 ? null : $"evidence {string.Join(",", evidence)} lacks {string.Join(",", missing)}";
    }
}

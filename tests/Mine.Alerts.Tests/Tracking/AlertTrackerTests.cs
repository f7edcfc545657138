using Mine.Alerts.Tracking;

namespace Mine.Alerts.Tests.Tracking;

public sealed class AlertTrackerTests
{
    private const long T0 = 1_780_000_000;

    private static AlertCondition Stale(string host, long since = T0, long forSeconds = 0) =>
        new("stale:" + host, "stale", AlertKind.Stale, host, "web", host, since, forSeconds, null, host + " sends nothing");

    private static readonly Func<string, bool> All = static _ => true;

    [Fact]
    public void A_condition_fires_only_once_it_has_held_for_its_for()
    {
        var tracker = new AlertTracker(resolveDelaySeconds: 0);
        var low = Stale("web-1", since: T0, forSeconds: 300);
        Assert.Empty(tracker.Update(T0, [low], All));
        Assert.Empty(tracker.Update(T0 + 299, [low], All));
        Assert.Equal(AlertPhase.Pending, tracker.Alerts().Single().Phase);
        var fired = Assert.Single(tracker.Update(T0 + 300, [low], All));
        Assert.Equal((AlertState.Firing, T0, T0 + 300), (fired.State, fired.Since, fired.At));
    }

    [Fact]
    public void A_pending_condition_that_goes_away_is_forgotten_without_a_message()
    {
        var tracker = new AlertTracker(resolveDelaySeconds: 0);
        tracker.Update(T0, [Stale("web-1", forSeconds: 300)], All);
        Assert.Empty(tracker.Update(T0 + 60, [], All));
        Assert.Empty(tracker.Alerts());
    }

    [Fact]
    public void The_same_state_is_reported_once_however_many_evaluations_see_it()
    {
        var tracker = new AlertTracker(resolveDelaySeconds: 0);
        var transitions = Enumerable.Range(0, 50).SelectMany(i => tracker.Update(T0 + (i * 30), [Stale("web-1")], All)).ToList();
        Assert.Equal(AlertState.Firing, Assert.Single(transitions).State);
        var resolved = Enumerable.Range(50, 10).SelectMany(i => tracker.Update(T0 + (i * 30), [], All)).ToList();
        Assert.Equal(AlertState.Resolved, Assert.Single(resolved).State);
    }

    [Fact]
    public void A_flapping_host_fires_once_and_resolves_once_after_the_resolve_delay()
    {
        var tracker = new AlertTracker(resolveDelaySeconds: 120);
        var transitions = new List<AlertTransition>();

        // Stale and back every 30 s for an hour: a hundred changes of the condition.
        for (var i = 0; i <= 120; i++)
        {
            transitions.AddRange(tracker.Update(T0 + (i * 30), i % 2 == 0 ? [Stale("web-1")] : [], All));
        }

        Assert.Equal(AlertState.Firing, Assert.Single(transitions).State);
        Assert.True(tracker.FlapsSuppressed >= 50);

        // Then it stays back: resolved once the delay has passed, not before.
        var end = T0 + (121 * 30);
        Assert.Empty(tracker.Update(end, [], All));
        Assert.Empty(tracker.Update(end + 119, [], All));
        Assert.Equal(AlertState.Resolved, Assert.Single(tracker.Update(end + 120, [], All)).State);
    }

    [Fact]
    public void Alerts_of_a_source_that_was_not_evaluated_stay_as_they_are()
    {
        var tracker = new AlertTracker(resolveDelaySeconds: 0);
        tracker.Update(T0, [Stale("web-1")], All);
        Assert.Empty(tracker.Update(T0 + 30, [], static source => source != "stale"));
        Assert.True(tracker.IsActive("stale:web-1"));
    }

    [Fact]
    public void A_resolved_alert_says_whether_its_firing_was_sent()
    {
        var tracker = new AlertTracker(resolveDelaySeconds: 0);
        tracker.Update(T0, [Stale("web-1"), Stale("web-2")], All);
        tracker.MarkSent("stale:web-1");
        Assert.Equal(["stale:web-2"], tracker.Unsent().Select(static a => a.Condition.Key));
        var resolved = tracker.Update(T0 + 30, [], All).ToDictionary(static t => t.Condition.Key, static t => t.WasSent);
        Assert.True(resolved["stale:web-1"]);
        Assert.False(resolved["stale:web-2"]);
    }

    [Fact]
    public void Active_alerts_survive_a_restart_through_the_state_file()
    {
        var folder = Directory.CreateTempSubdirectory("mine-alerts").FullName;
        try
        {
            var tracker = new AlertTracker(resolveDelaySeconds: 0);
            tracker.Update(T0, [Stale("web-1"), Stale("web-2", forSeconds: 600), Stale("web-3")], All);
            tracker.MarkSent("stale:web-1");
            tracker.MarkDelivered("stale:web-1");
            tracker.MarkSent("stale:web-3"); // queued, still being retried when Mine stopped
            new AlertStateFile(folder).Save(tracker.Alerts());

            var restarted = new AlertTracker(resolveDelaySeconds: 0);
            restarted.Restore(new AlertStateFile(folder).Load());
            Assert.Equal(["stale:web-3"], restarted.Unsent().Select(static a => a.Condition.Key)); // queued again after the start
            Assert.Empty(restarted.Update(T0 + 30, [Stale("web-1"), Stale("web-3")], All)); // delivered: not again
            var resolved = Assert.Single(restarted.Update(T0 + 60, [Stale("web-3")], All));
            Assert.Equal((AlertState.Resolved, true, T0), (resolved.State, resolved.WasSent, resolved.Since));
            Assert.False(restarted.IsActive("stale:web-2")); // pending ones are not kept
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_state_file_written_before_deliveries_were_kept_reads_sent_as_delivered()
    {
        var folder = Directory.CreateTempSubdirectory("mine-alerts").FullName;
        try
        {
            var tracker = new AlertTracker(resolveDelaySeconds: 0);
            tracker.Update(T0, [Stale("web-1"), Stale("web-2")], All);
            tracker.MarkSent("stale:web-1");
            var state = new AlertStateFile(folder);
            state.Save(tracker.Alerts());
            File.WriteAllText(state.Path, File.ReadAllText(state.Path).Replace(",\"Delivered\":false", "", StringComparison.Ordinal));
            Assert.DoesNotContain("Delivered", File.ReadAllText(state.Path), StringComparison.Ordinal);

            var restarted = new AlertTracker(resolveDelaySeconds: 0);
            restarted.Restore(state.Load());
            Assert.Equal(["stale:web-2"], restarted.Unsent().Select(static a => a.Condition.Key));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

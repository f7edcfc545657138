using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Alerts;
using Mine.Alerts.Delivery;
using Mine.Alerts.Rules;
using Mine.Alerts.Silences;
using Mine.Alerts.Sources;
using Mine.Alerts.Tracking;
using Mine.Api;
using Mine.Core.Ports;
using Mine.Events;
using Mine.Fleet;

namespace Mine.Hosting;

/// <summary>Wires Mine.Alerts into the host: the service over the fleet, the landmine detector, storage and the event
/// store; its two loops; its metrics; its startup line.</summary>
internal static class AlertSetup
{
    public static void Register(IServiceCollection services, MineOptions options)
    {
        var settings = options.Alerts;

        // Checked before start (OptionsValidation.Alerts); read again here so the service has them.
        var rules = string.IsNullOrEmpty(settings.RulesFile) ? null : AlertRuleFile.Load(settings.RulesFile);
        var webhooks = settings.Webhooks.Select(WebhookTarget.Parse).ToList();
        var data = Path.GetFullPath(options.Data);
        services.AddSingleton(sp => new AlertDispatcher(webhooks, new DeliveryOptions
        {
            GroupSeconds = settings.GroupSeconds,
            RetryMaxSeconds = settings.RetryMaxSeconds,
            RetryMaxAttempts = settings.RetryMaxAttempts,
            TimeoutSeconds = settings.TimeoutSeconds,
            QueueCapacity = settings.QueueCapacity,
        }, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Alerts")));
        services.AddSingleton(sp =>
        {
            var fleet = sp.GetRequiredService<FleetRegistry>();
            var detector = sp.GetRequiredService<LandmineDetector>();
            var source = new StorageSeriesSource(sp.GetRequiredService<ISeriesIndex>(), sp.GetRequiredService<ITagDatabase>(), sp.GetRequiredService<ISeriesReader>());
            var fleetSources = new FleetSources(fleet, settings.Landmines ? () => detector.Current : static () => null, settings.StaleHosts);
            var dispatcher = sp.GetRequiredService<AlertDispatcher>();
            var service = new AlertService(
                new AlertTracker(settings.ResolveDelaySeconds), new AlertStateFile(data), new SilenceStore(data), dispatcher,
                fleetSources, rules is null ? null : new RuleSource(rules, source, fleet), new EventStoreAlertLog(sp.GetRequiredService<EventStore>()),
                settings.PublicUrl, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Alerts"));
            service.Restore();
            dispatcher.OnDelivered = service.Delivered; // only a delivered message counts as sent after a restart
            return service;
        });
        services.AddSingleton<IMetricSource, AlertMetrics>();
        services.AddHostedService<AlertEvaluatorLoop>();
        services.AddHostedService<AlertSenderLoop>();
    }

    /// <summary>"2 rules (rules.json), 1 webhook (slack https://hooks.slack.com/…)" or what is off.</summary>
    public static string Describe(MineOptions options)
    {
        var a = options.Alerts;
        var what = new List<string>();
        if (a.Landmines)
        {
            what.Add("landmines");
        }

        if (a.StaleHosts)
        {
            what.Add("stale hosts");
        }

        var rules = string.IsNullOrEmpty(a.RulesFile) ? "no rules file" : $"{AlertRuleFile.Load(a.RulesFile).Count} rule(s) from {Path.GetFullPath(a.RulesFile)}";
        var webhooks = a.Webhooks.Count == 0
            ? "no webhook (events only; --alert-webhook URL sends them)"
            : string.Join(", ", a.Webhooks.Select(static w => WebhookTarget.Parse(w).Display));
        return $"{string.Join(", ", what.Append(rules))}, every {a.EvaluateSeconds} s; {webhooks}";
    }
}

/// <summary>Alerts recorded in the event store, so Grafana shows them as annotations.</summary>
internal sealed class EventStoreAlertLog(EventStore events) : IAlertEventLog
{
    public void Record(double when, string what, string data, IReadOnlyList<string> tags) => events.Add(when, what, data, tags);
}

/// <summary>The alerts' metrics on /_internal/metrics and in Mine's own series.</summary>
internal sealed class AlertMetrics(AlertService alerts) : IMetricSource
{
    public IEnumerable<MineMetrics.Sample> Samples()
    {
        var none = Array.Empty<(string, string)>();
        var active = alerts.Tracker.Alerts();
        yield return new("mine_alerts_evaluations_total", "Evaluations of landmines, stale hosts and rules finished.", "counter", none, alerts.Evaluations);
        yield return new("mine_alerts_firing", "Alerts firing now (resolving ones included).", "gauge", none, active.Count(static a => a.Phase != AlertPhase.Pending));
        yield return new("mine_alerts_pending", "Conditions that hold but not yet for their rule's 'for'.", "gauge", none, active.Count(static a => a.Phase == AlertPhase.Pending));
        yield return new("mine_alerts_notifications_total", "Alert changes (firing, resolved) queued for the webhooks.", "counter", none, alerts.Notifications);
        yield return new("mine_alerts_silenced_total", "Alert changes a silence held back (recorded as events only).", "counter", none, alerts.Silenced);
        yield return new("mine_alerts_flaps_suppressed_total", "Resolved messages not sent because the condition came back within the resolve delay.", "counter", none, alerts.Tracker.FlapsSuppressed);
        yield return new("mine_alerts_sent_total", "Webhook messages delivered (HTTP 2xx).", "counter", none, alerts.Dispatcher.Sent);
        yield return new("mine_alerts_send_failed_total", "Webhook messages given up (every attempt failed, or a 4xx).", "counter", none, alerts.Dispatcher.Failed);
        yield return new("mine_alerts_send_retries_total", "Webhook attempts made again after a failure.", "counter", none, alerts.Dispatcher.Retries);
        yield return new("mine_alerts_dropped_total", "Alerts or messages dropped because a queue was full.", "counter", none, alerts.Dispatcher.Dropped);
        yield return new("mine_alerts_queued", "Alerts waiting to be batched plus messages waiting for a webhook.", "gauge", none, alerts.Dispatcher.QueueLength);
        yield return new("mine_alerts_rule_failures_total", "Rule evaluations that failed (their alerts stay as they were).", "counter", none, alerts.RuleFailures);
    }
}

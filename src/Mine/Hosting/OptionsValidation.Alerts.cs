using Mine.Alerts.Delivery;
using Mine.Alerts.Rules;

namespace Mine.Hosting;

/// <summary>The alerts' settings: webhooks are http(s) URLs with a known format, the rules file parses with every
/// target, condition and duration valid, and the delivery numbers are in range.</summary>
internal sealed partial class OptionsValidation
{
    private const string A = M + nameof(MineOptions.Alerts) + ":";

    private void CheckAlerts(AlertSettings a)
    {
        foreach (var (key, webhook) in Entries(A + nameof(AlertSettings.Webhooks)))
        {
            try
            {
                WebhookTarget.Parse(webhook);
            }
            catch (FormatException e)
            {
                Problem(key, e.Message);
            }
        }

        if (!string.IsNullOrEmpty(a.RulesFile) && FileExists(A + nameof(AlertSettings.RulesFile), a.RulesFile))
        {
            try
            {
                AlertRuleFile.Load(a.RulesFile);
            }
            catch (AlertRulesException e)
            {
                Problem(A + nameof(AlertSettings.RulesFile), e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Problem(A + nameof(AlertSettings.RulesFile), $"cannot be read ({e.Message.TrimEnd('.')}); make it readable by the user Mine runs as");
            }
        }

        Between(A + nameof(AlertSettings.EvaluateSeconds), a.EvaluateSeconds, 1, 86400);
        Between(A + nameof(AlertSettings.GroupSeconds), a.GroupSeconds, 0, 3600);
        Between(A + nameof(AlertSettings.ResolveDelaySeconds), a.ResolveDelaySeconds, 0, 86400);
        Between(A + nameof(AlertSettings.RetryMaxSeconds), a.RetryMaxSeconds, 1, 86400);
        Between(A + nameof(AlertSettings.RetryMaxAttempts), a.RetryMaxAttempts, 1, 1000);
        Between(A + nameof(AlertSettings.TimeoutSeconds), a.TimeoutSeconds, 0.1, 600);
        Between(A + nameof(AlertSettings.QueueCapacity), a.QueueCapacity, 1, 1_000_000);
        if (a.PublicUrl is { Length: > 0 } publicUrl
            && (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            Problem(A + nameof(AlertSettings.PublicUrl), "must be Mine's address as people reach it, an http or https URL such as https://mine.example.com");
        }
    }
}

using Mine.Core.Errors;

namespace Mine.Alerts.Rules;

/// <summary>A rules file Mine cannot use: the message names the rule and says what to write instead.</summary>
public sealed class AlertRulesException : MineUserException
{
    public AlertRulesException()
    {
    }

    public AlertRulesException(string message)
        : base(message)
    {
    }

    public AlertRulesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using Microsoft.Extensions.Logging;
using Mine.Relay.Forward;

namespace Mine.Relaying;

/// <summary>The relay library logs through a delegate (it has no logging dependency); this maps it onto a logger.</summary>
internal static class ForwardLogging
{
    public static ForwardLog To(ILogger logger, string prefix) => (level, message) =>
    {
        var mapped = level switch
        {
            ForwardLogLevel.Debug => LogLevel.Debug,
            ForwardLogLevel.Information => LogLevel.Information,
            ForwardLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        logger.Log(mapped, "{Prefix}: {Message}", prefix, message);
    };
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mine.Hosting;

internal static partial class HostSetup
{
    /// <summary>The category the generic host logs a failed start under (with the whole stack trace).</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>
    /// Log levels Mine starts with, as the lowest-priority configuration source, so that appsettings.json, a --config
    /// file or <c>Logging__LogLevel__…</c> variables override them with the standard keys. ASP.NET Core logs 4–5
    /// Information lines per request and its own start lines ("Now listening on", "Application started. Press
    /// Ctrl+C", "Hosting environment", "Content root path"); the startup block replaces the latter, and requests
    /// are not logged unless <c>Logging:LogLevel:Microsoft.AspNetCore</c> is set to Information.
    /// </summary>
    private static void AddLoggingDefaults(ConfigurationManager configuration)
    {
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            },
        });
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
        });

        // A start that fails (a busy port, a folder in use) is reported in one line by RunAsync; the generic host
        // would log the same failure first with its whole stack trace. Its other warnings and errors (a background
        // service that failed) are logged once the host has started.
        var phase = new StartPhase();
        builder.Services.AddSingleton(phase);
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Warning && phase.Started);
    }

    /// <summary>Whether the host has started (set by RunAsync once every listener is bound).</summary>
    internal sealed class StartPhase
    {
        private volatile bool _started;

        public bool Started => _started;

        public void MarkStarted() => _started = true;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Mine.Listeners;

namespace Mine.Hosting;

/// <summary>The lines `serve` and `relay` share in the <see cref="StartupSummary"/>: the listeners with the addresses
/// they are bound to, and the configuration files read.</summary>
internal static class StartupLines
{
    /// <summary>One line per listener, "off" for those turned off; the addresses are read when the block is printed,
    /// after every socket is bound.</summary>
    public static void AddListeners(StartupSummary summary, WebApplication app, ListenAddresses addresses, MineOptions options, Func<string>? forward)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(options);
        summary.Add("http", () => addresses.Http is null ? "off" : string.Join(", ", HttpAddresses(app)));
        summary.Add("plaintext", () => Ingest(app, "plaintext"));
        summary.Add("pickle", () => Ingest(app, "pickle"));
        summary.Add("collectd", () => addresses.Collectd is null ? "off" : $"{Ingest(app, "collectd")}, security level {options.CollectdSecurityLevel}"
            + (string.IsNullOrEmpty(options.CollectdAuthFile) ? "" : $", auth file {Path.GetFullPath(options.CollectdAuthFile)}"));
        summary.Add("forward", () => forward is null ? "off" : forward());
    }

    /// <summary>The configuration files read, or a pointer to how to give one.</summary>
    public static void AddConfig(StartupSummary summary, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var files = services.GetRequiredService<ConfigFilesRead>().Files;
        summary.Add("config", files.Count == 0 ? "no file (defaults, MINE__ variables and flags; --config FILE reads one)" : string.Join(", ", files));
    }

    private static IEnumerable<string> HttpAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    /// <summary>"tcp ADDRESS, udp ADDRESS" for the listeners of one protocol, or "off".</summary>
    private static string Ingest(WebApplication app, string protocol)
    {
        var sockets = app.Services.GetServices<IIngestListener>()
            .Where(l => l.Counters.Protocol == protocol)
            .Select(static l => $"{l.Counters.Transport} {l.BoundEndPoint}")
            .ToList();
        return sockets.Count == 0 ? "off" : string.Join(", ", sockets);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mine.Access;
using Mine.Api;

namespace Mine.Hosting;

/// <summary>What `serve` and `relay` share of HTTP access: HTTPS on --http, the access rules, their startup lines.</summary>
internal static class AccessSetup
{
    /// <summary>Loads the HTTPS certificate (problems: one line, exit 2), listens on <paramref name="http"/> with it,
    /// and registers <see cref="HttpAccess"/>, made by <paramref name="access"/> when first asked for.</summary>
    public static HttpsCertificate? Register(WebApplicationBuilder builder, MineOptions options, System.Net.IPEndPoint? http, Func<MineOptions, Action<string>, HttpAccess> access, List<string> warnings)
    {
        var https = HttpsCertificate.Load(options.HttpTlsCert, options.HttpTlsKey, warnings.Add);
        HostSetup.ListenHttp(builder, http, https);
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Access");
            return access(options, message => logger.LogWarning("{Message}", message));
        });
        return https;
    }

    /// <summary>Makes the access rules now (so a bad users file or an unwritable token file stops the start), says in
    /// the startup block how access works and where the admin token is, and puts read access in front of every
    /// endpoint.</summary>
    public static void Apply(WebApplication app, HttpsCertificate? https, List<string> warnings, StartupSummary summary)
    {
        var access = app.Services.GetRequiredService<HttpAccess>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mine.Access");
        foreach (var warning in warnings)
        {
            logger.LogWarning("{Message}", warning);
        }

        if (https is not null)
        {
            summary.Add("https", https.Describe());
        }

        foreach (var (label, value) in access.Describe())
        {
            summary.Add(label, value);
        }

        app.UseReadAccess(access);
    }
}

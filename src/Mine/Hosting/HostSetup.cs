using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mine.Listeners;

namespace Mine.Hosting;

/// <summary>What `serve` and `relay` build and run alike: configuration, logging, the HTTP address, the listeners'
/// registration, the startup block, and the run with its exit codes.</summary>
internal static partial class HostSetup
{
    /// <summary>A slim web host reading appsettings.json beside the binary, the --config files, MINE__ variables,
    /// then the flags; its settings checked for <paramref name="scope"/>. Throws <see cref="OptionsException"/> with
    /// every problem when they cannot be used.</summary>
    public static (WebApplicationBuilder Builder, MineOptions Options) CreateBuilder(IDictionary<string, string?> overrides, OptionsScope scope)
    {
        var builder = NewBuilder();
        var configuration = MineConfiguration.Load(builder.Configuration, overrides);
        var (_, problems) = OptionsValidation.Check(configuration, scope);
        if (problems.Count > 0)
        {
            throw new OptionsException(problems);
        }

        AddLoggingDefaults(builder.Configuration);
        var options = builder.Configuration.GetSection(MineOptions.Section).Get<MineOptions>() ?? new MineOptions();
        ConfigureLogging(builder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new StartupSummary());
        builder.Services.AddSingleton(new ConfigFilesRead([.. configuration.Files.Where(static f => f.Present).Select(static f => Path.GetFullPath(f.Label))]));
        return (builder, options);
    }

    /// <summary>The host's builder before Mine's configuration is added (`mine config check` reads the same).</summary>
    public static WebApplicationBuilder NewBuilder() =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });

    /// <summary>Serves HTTP on <paramref name="endPoint"/> (HTTPS only, with <paramref name="https"/>), or not at all
    /// when it is null (off).</summary>
    public static void ListenHttp(WebApplicationBuilder builder, IPEndPoint? endPoint, HttpsCertificate? https = null)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Beyond it Kestrel closes new connections at once: an HTTP storm cannot take the process's last files.
            kestrel.Limits.MaxConcurrentConnections = OpenFilesBudget.Current.HttpConnections;
            if (endPoint is not null)
            {
                kestrel.Listen(endPoint, listen =>
                {
                    if (https is not null)
                    {
                        listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
                        {
                            ServerCertificate = https.Certificate,
                            ServerCertificateChain = https.Chain,
                        });
                    }
                });
            }
        });
        if (endPoint is null)
        {
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        }
    }

    public static void AddListener<T>(IServiceCollection services, Func<IServiceProvider, T> factory)
        where T : class, IIngestListener, IHostedService
    {
        services.AddSingleton(factory);
        services.AddSingleton<IIngestListener>(sp => sp.GetRequiredService<T>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<T>());
    }
}

/// <summary>The configuration files that exist and were read, in order (appsettings.json beside the binary, then
/// each --config file), for the startup block.</summary>
internal sealed record ConfigFilesRead(IReadOnlyList<string> Files);

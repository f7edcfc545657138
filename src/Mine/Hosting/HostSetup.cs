using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Listeners;

namespace Mine.Hosting;

/// <summary>What `serve` and `relay` build and run alike: configuration, logging, the HTTP address, the listeners'
/// registration, and the run with its exit codes.</summary>
internal static class HostSetup
{
    /// <summary>A slim web host reading appsettings.json beside the binary, then MINE__ variables, then the flags.</summary>
    public static (WebApplicationBuilder Builder, MineOptions Options) CreateBuilder(IDictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
        AddConfigFiles(builder.Configuration, overrides);
        builder.Configuration.AddInMemoryCollection(overrides);
        var options = builder.Configuration.GetSection(MineOptions.Section).Get<MineOptions>() ?? new MineOptions();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
        });
        builder.Services.AddSingleton(options);
        return (builder, options);
    }

    /// <summary>The files of <see cref="MineOptions.ConfigFiles"/> (from the flags or the environment), inserted after
    /// appsettings.json and before the environment variables, so that MINE__ variables and flags override them.</summary>
    private static void AddConfigFiles(ConfigurationManager configuration, IDictionary<string, string?> overrides)
    {
        var named = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build()
            .GetSection($"{MineOptions.Section}:{nameof(MineOptions.ConfigFiles)}").Get<string[]>() ?? [];
        var position = configuration.Sources.ToList().FindLastIndex(static s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        position = position < 0 ? configuration.Sources.Count : position;
        foreach (var file in named)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new Core.Errors.MineUserException($"--config {file}: no such file; give the path of a JSON file with a \"Mine\" section (docs/configuration.md).");
            }

            configuration.Sources.Insert(position++, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                Path = Path.GetFileName(path),
                Optional = false,
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(path)!),
            });
        }
    }

    /// <summary>Serves HTTP on <paramref name="endPoint"/>, or not at all when it is null (off).</summary>
    public static void ListenHttp(WebApplicationBuilder builder, IPEndPoint? endPoint)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (endPoint is not null)
            {
                kestrel.Listen(endPoint);
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

    /// <summary>Builds and runs the host until it stops. Exit code 2 for settings it cannot start with (one line
    /// prefixed with <paramref name="name"/>), <see cref="LoopSupervisor.LoopDiedExitCode"/> when a part of it
    /// died, 0 for a clean stop.</summary>
    public static async Task<int> RunAsync(string name, Func<WebApplication> build, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = build();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidDataException or IOException or InvalidOperationException or Core.Errors.MineUserException)
        {
            await Console.Error.WriteLineAsync($"{name}: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            // Taken before running: RunAsync disposes the service provider when the host stops.
            var loops = app.Services.GetRequiredService<LoopRegistry>();
            var services = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return MineServer.ExitCode(loops, services);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"{name}: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

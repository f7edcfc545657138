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

        var options = builder.Configuration.GetSection(MineOptions.Section).Get<MineOptions>() ?? new MineOptions();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
        });
        builder.Services.AddSingleton(options);
        return (builder, options);
    }

    /// <summary>The host's builder before Mine's configuration is added (`mine config check` reads the same).</summary>
    public static WebApplicationBuilder NewBuilder() =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });

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
        catch (OptionsException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync($"{name}: {problem}").ConfigureAwait(false);
            }

            return OptionsException.ExitCode;
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

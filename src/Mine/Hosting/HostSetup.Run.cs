using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mine.Hosting;

internal static partial class HostSetup
{
    /// <summary>Exit code of a start refused for its settings, addresses or folders (one line on stderr).</summary>
    public const int BadStartExitCode = 2;

    /// <summary>Builds and runs the host until it stops. Exit code 2 for settings it cannot start with (one line
    /// prefixed with <paramref name="name"/>, no stack trace), <see cref="LoopSupervisor.LoopDiedExitCode"/> when a
    /// part of it died, 0 for a clean stop. Once every listener is bound, prints the <see cref="StartupSummary"/>.</summary>
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
            return BadStartExitCode;
        }

        try
        {
            // Taken before running: the host disposes the service provider when it stops.
            var loops = app.Services.GetRequiredService<LoopRegistry>();
            var services = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
            if (await StartAsync(name, app, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            await Console.Out.WriteAsync(app.Services.GetRequiredService<StartupSummary>().Render()).ConfigureAwait(false);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return MineServer.ExitCode(loops, services);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts every hosted service and the HTTP server. Returns null once all run, or the exit code after
    /// writing the one line that says why the start failed (a listener's address, a bad setting found late).</summary>
    private static async Task<int?> StartAsync(string name, WebApplication app, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            app.Services.GetRequiredService<StartPhase>().MarkStarted();
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Core.Errors.MineUserException ex)
        {
            line = ex.Message;
        }
        catch (Exception ex) when (ListenFailure.ForHttp(ex, HttpEndPoint(app)) is { } http)
        {
            line = http;
        }
        catch (InvalidOperationException ex)
        {
            line = ex.Message;
        }

        await Console.Error.WriteLineAsync($"{name}: {line}").ConfigureAwait(false);
        try
        {
            // What did start (storage, listeners bound before the failing one) stops cleanly.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The start failed already and was reported; a second error while stopping adds nothing for the operator.
        }

        return BadStartExitCode;
    }

    private static System.Net.IPEndPoint? HttpEndPoint(WebApplication app) =>
        EndpointSpec.Parse("http", app.Services.GetRequiredService<MineOptions>().Http);
}

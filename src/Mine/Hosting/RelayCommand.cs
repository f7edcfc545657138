using System.CommandLine;
using Mine.Relaying;

namespace Mine.Hosting;

/// <summary>`mine relay`: the listeners of `serve`, a disk buffer, and forwarding to Mine or carbon (docs/relay.md).</summary>
internal static class RelayCommand
{
    public static Command Create()
    {
        var flags = ConfigFlags.Relay();
        var command = new Command("relay", "Run a relay: accept what serve accepts, keep it on disk, forward it to Mine (mutual TLS) or carbon.");
        flags.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var overrides = new Dictionary<string, string?>();
            flags.AddOverrides(parse, overrides);
            return await RelayServer.RunAsync(overrides, cancellation).ConfigureAwait(false);
        });
        return command;
    }
}

using System.CommandLine;
using Mine.Relaying;

namespace Mine.Hosting;

/// <summary>`mine relay`: the listeners of `serve`, a disk buffer, and forwarding to Mine or carbon (docs/relay.md).</summary>
internal static class RelayCommand
{
    public static Command Create()
    {
        var flags = ConfigFlags.Listeners();
        const string relay = nameof(MineOptions.Relay);
        flags.Scalar("--buffer", "Folder of the disk buffer (default ./relay-buffer).", $"{relay}:{nameof(RelaySettings.Buffer)}");
        flags.Scalar("--buffer-limit", "Total size of the buffer, e.g. 512M, 4G (default 4G).", $"{relay}:{nameof(RelaySettings.BufferLimit)}");
        flags.Scalar("--overflow", "When the buffer is full: block (TCP senders wait, default) or drop-oldest.", $"{relay}:{nameof(RelaySettings.Overflow)}");
        flags.List("--forward-to", "A Mine to forward to (its --forward-listen), HOST:PORT[:INSTANCE] (repeatable).", $"{relay}:{nameof(RelaySettings.ForwardTo)}");
        flags.List("--carbon-to", "A carbon-cache or go-carbon to feed, HOST:PORT[:INSTANCE] (repeatable).", $"{relay}:{nameof(RelaySettings.CarbonTo)}");
        flags.Scalar("--carbon-protocol", "pickle (default, as carbon-relay) or plaintext, for --carbon-to.", $"{relay}:{nameof(RelaySettings.CarbonProtocol)}");
        flags.Scalar("--route", "carbon_ch (default), c_relay_carbon_ch, fnv1a_ch, any_of or all.", $"{relay}:{nameof(RelaySettings.Route)}");
        flags.Scalar("--replicas", "Destinations each point goes to (default 1; not with all).", $"{relay}:{nameof(RelaySettings.Replicas)}");
        flags.Scalar("--flush-interval", "Seconds a chunk fills before it is sent (default 1).", $"{relay}:{nameof(RelaySettings.FlushIntervalSeconds)}");
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

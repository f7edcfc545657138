using Mine.Relay.Routing;
using Mine.Relaying;

namespace Mine.Hosting;

/// <summary>`relay`'s own settings: the buffer, the destinations and how points are placed on them.</summary>
internal sealed partial class OptionsValidation
{
    private const string R = M + nameof(MineOptions.Relay) + ":";

    private void CheckRelay(MineOptions o)
    {
        var relay = o.Relay;
        if (string.IsNullOrWhiteSpace(relay.Buffer))
        {
            Problem(R + nameof(RelaySettings.Buffer), "must name the buffer's folder, e.g. relay-buffer");
        }

        try
        {
            RelayPlan.ParseSize("--buffer-limit", relay.BufferLimit);
        }
        catch (FormatException)
        {
            Problem(R + nameof(RelaySettings.BufferLimit), "must be a size such as 512M, 4G or a number of bytes");
        }

        OneOf(R + nameof(RelaySettings.Overflow), relay.Overflow, "block", "drop-oldest");
        OneOf(R + nameof(RelaySettings.CarbonProtocol), relay.CarbonProtocol, "pickle", "plaintext");
        Between(R + nameof(RelaySettings.FlushIntervalSeconds), relay.FlushIntervalSeconds, 0.001, 3600);
        Between(R + nameof(RelaySettings.ChunkLimitMiB), relay.ChunkLimitMiB, 1, 64);
        AtLeast(R + nameof(RelaySettings.Replicas), relay.Replicas, 1);

        var destinations = new List<Destination>();
        var valid = true;
        foreach (var key in new[] { R + nameof(RelaySettings.ForwardTo), R + nameof(RelaySettings.CarbonTo) })
        {
            foreach (var (element, text) in Entries(key))
            {
                if (Destination.TryParse(text, out var destination, out var problem))
                {
                    destinations.Add(destination);
                }
                else
                {
                    Problem(element, $"{problem?.TrimEnd('.')}; give HOST:PORT or HOST:PORT:INSTANCE");
                    valid = false;
                }
            }
        }

        if (destinations.Count == 0 && valid)
        {
            _problems.Add("give at least one destination: --forward-to HOST:PORT (a Mine's --forward-listen) or --carbon-to HOST:PORT (carbon's pickle or line port), or Mine:Relay:ForwardTo / Mine:Relay:CarbonTo in a config file");
            return;
        }

        if (!valid || relay.Replicas < 1)
        {
            return;
        }

        try
        {
            RouterFactory.Create(relay.Route, destinations, relay.Replicas);
        }
        catch (ArgumentException e)
        {
            var message = e.Message.TrimEnd('.');
            if (!RouterFactory.Routes.Contains(relay.Route))
            {
                Problem(R + nameof(RelaySettings.Route), $"must be one of {string.Join(", ", RouterFactory.Routes)}");
            }
            else if (message.Contains("replica", StringComparison.OrdinalIgnoreCase))
            {
                Problem(R + nameof(RelaySettings.Replicas), message);
            }
            else
            {
                _problems.Add($"the destinations (--forward-to, --carbon-to; Mine:Relay:ForwardTo, Mine:Relay:CarbonTo): {message}");
            }
        }
    }
}

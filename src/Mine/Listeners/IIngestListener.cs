using Mine.Ingestion;

namespace Mine.Listeners;

/// <summary>What the host needs from every ingest listener: its counters and when it is ready.</summary>
public interface IIngestListener
{
    ListenerCounters Counters { get; }

    Task Started { get; }

    /// <summary>The address its socket is bound to once started (the true port when 0 was asked for).</summary>
    System.Net.IPEndPoint? BoundEndPoint { get; }
}

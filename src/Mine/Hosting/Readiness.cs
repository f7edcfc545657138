using Mine.Listeners;
using Mine.Storage.Engine;

namespace Mine.Hosting;

/// <summary>/health is 200 once storage is open (it is, once this exists) and every listener is bound.</summary>
public sealed class Readiness(IEnumerable<IIngestListener> listeners, StorageEngine storage)
{
    public bool IsReady(out string detail)
    {
        foreach (var listener in listeners)
        {
            if (!listener.Started.IsCompletedSuccessfully)
            {
                detail = $"{listener.Counters.Protocol}/{listener.Counters.Transport} listener not started";
                return false;
            }
        }

        detail = $"ok: {storage.SeriesCount} series";
        return true;
    }
}

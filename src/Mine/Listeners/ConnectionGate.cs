using System.Net;
using Mine.Ingestion;

namespace Mine.Listeners;

/// <summary>
/// Caps shared by every TCP listener: connections in total and per remote address, so that one client (or a storm
/// of idle connections) cannot use up the process's file descriptors and make accept() fail for everybody.
/// </summary>
public sealed class ConnectionGate(int maxTotal, int maxPerSource)
{
    private readonly object _lock = new();
    private readonly Dictionary<IPAddress, int> _perSource = new();
    private int _total;

    public int MaxTotal { get; } = maxTotal;

    public int MaxPerSource { get; } = maxPerSource;

    /// <summary>TCP connections open now, across listeners.</summary>
    public int Open => Volatile.Read(ref _total);

    /// <summary>Takes a place for a connection from <paramref name="source"/>, or says which cap is reached.</summary>
    public bool TryEnter(IPAddress source, out ConnectionRefusal refusal)
    {
        lock (_lock)
        {
            if (MaxTotal > 0 && _total >= MaxTotal)
            {
                refusal = ConnectionRefusal.TotalFull;
                return false;
            }

            _perSource.TryGetValue(source, out var count);
            if (MaxPerSource > 0 && count >= MaxPerSource)
            {
                refusal = ConnectionRefusal.SourceFull;
                return false;
            }

            _perSource[source] = count + 1;
            _total++;
            refusal = default;
            return true;
        }
    }

    public void Leave(IPAddress source)
    {
        lock (_lock)
        {
            _total--;
            if (_perSource.TryGetValue(source, out var count))
            {
                if (count <= 1)
                {
                    _perSource.Remove(source);
                }
                else
                {
                    _perSource[source] = count - 1;
                }
            }
        }
    }
}

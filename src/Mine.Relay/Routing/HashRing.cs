namespace Mine.Relay.Routing;

/// <summary>
/// A built consistent-hash ring: positions in ascending order, each owned by a destination index. Positions are
/// unique (a collision has already been settled by the flavour's rule in <see cref="HashRingBuilder"/>) and may
/// exceed 65,535: Python carbon moves a colliding replica past the top rather than wrapping it.
/// </summary>
internal sealed class HashRing
{
    private readonly int[] _positions;
    private readonly int[] _owners;

    public HashRing(int[] positions, int[] owners)
    {
        _positions = positions;
        _owners = owners;
    }

    public int Count => _positions.Length;

    public int PositionAt(int entry) => _positions[entry];

    public int OwnerAt(int entry) => _owners[entry];

    /// <summary>The first entry whose position is at least <paramref name="position"/>, wrapping to entry 0 past the
    /// last one (both relays' lookup: Python's bisect_left, carbon-c-relay's binary search).</summary>
    public int FirstAtOrAfter(int position)
    {
        var low = 0;
        var high = _positions.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (_positions[middle] < position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low == _positions.Length ? 0 : low;
    }
}

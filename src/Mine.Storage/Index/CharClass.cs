namespace Mine.Storage.Index;

/// <summary>A bracket expression (<c>[a-z]</c>, <c>[!abc]</c>) parsed exactly as CPython 3.11's fnmatch.translate does.</summary>
/// <remarks>
/// fnmatch splits the class body at hyphens into "chunks": a hyphen between two chunks forms a range from the
/// last character of the left chunk to the first of the right one, every other character (including hyphens
/// at the edges) is a literal member, and empty ranges such as <c>z-a</c> are removed by merging the chunks
/// around them. Porting that algorithm literally keeps odd inputs (<c>[a--b]</c>, <c>[z-a]</c>, <c>[!]x]</c>)
/// identical to graphite-web.
/// </remarks>
internal sealed class CharClass
{
    private readonly ulong _asciiLow;   // members 0..63
    private readonly ulong _asciiHigh;  // members 64..127
    private readonly (char Low, char High)[] _nonAscii;
    private readonly bool _negated;
    private readonly bool _matchesNothing;

    private CharClass(List<(char Low, char High)> members, bool negated, bool matchesNothing)
    {
        _negated = negated;
        _matchesNothing = matchesNothing;
        var nonAscii = new List<(char, char)>();
        foreach (var (low, high) in members)
        {
            for (int c = low; c <= high && c < 128; c++)
            {
                if (c < 64)
                {
                    _asciiLow |= 1UL << c;
                }
                else
                {
                    _asciiHigh |= 1UL << (c - 64);
                }
            }

            if (high >= 128)
            {
                nonAscii.Add(((char)Math.Max((int)low, 128), high));
            }
        }

        _nonAscii = [.. nonAscii];
    }

    /// <summary>Parses the body <c>pattern[start..end)</c> of a class whose ']' is at <paramref name="end"/>.</summary>
    public static CharClass Parse(string pattern, int start, int end)
    {
        var body = pattern.AsSpan(start, end - start);
        List<string> chunks;
        if (!body.Contains('-'))
        {
            chunks = [body.ToString()];
        }
        else
        {
            chunks = [];
            var i = start;
            var k = pattern[i] == '!' ? i + 2 : i + 1;
            while (true)
            {
                k = k < end ? pattern.IndexOf('-', k, end - k) : -1;
                if (k < 0)
                {
                    break;
                }

                chunks.Add(pattern[i..k]);
                i = k + 1;
                k += 3;
            }

            var last = pattern[i..end];
            if (last.Length > 0)
            {
                chunks.Add(last);
            }
            else
            {
                chunks[^1] += "-";
            }

            // Remove empty ranges, right to left, exactly as fnmatch does.
            for (var c = chunks.Count - 1; c > 0; c--)
            {
                if (chunks[c - 1][^1] > chunks[c][0])
                {
                    chunks[c - 1] = chunks[c - 1][..^1] + chunks[c][1..];
                    chunks.RemoveAt(c);
                }
            }
        }

        var first = chunks[0];
        if (chunks.Count == 1 && first.Length == 0)
        {
            return new CharClass([], negated: false, matchesNothing: true); // fnmatch: '(?!)'
        }

        if (chunks.Count == 1 && first == "!")
        {
            return new CharClass([], negated: true, matchesNothing: false); // fnmatch: '.', any character
        }

        var negated = first[0] == '!';
        var members = new List<(char Low, char High)>();
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = c == 0 && negated ? chunks[0][1..] : chunks[c];
            foreach (var ch in chunk)
            {
                members.Add((ch, ch));
            }

            if (c > 0)
            {
                members.Add((chunks[c - 1][^1], chunks[c][0]));
            }
        }

        return new CharClass(members, negated, matchesNothing: false);
    }

    public bool Contains(char c)
    {
        if (_matchesNothing)
        {
            return false;
        }

        bool member;
        if (c < 64)
        {
            member = (_asciiLow & (1UL << c)) != 0;
        }
        else if (c < 128)
        {
            member = (_asciiHigh & (1UL << (c - 64))) != 0;
        }
        else
        {
            member = false;
            foreach (var (low, high) in _nonAscii)
            {
                if (c >= low && c <= high)
                {
                    member = true;
                    break;
                }
            }
        }

        return member != _negated;
    }
}

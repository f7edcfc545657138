namespace Mine.Protocols.Tests.TestSupport;

/// <summary>Small random edits of a valid input: the cheapest way to reach the parser's error paths.</summary>
internal static class Mutator
{
    public static byte[] Mutate(byte[] original, Random random, byte[]? alphabet = null)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits; e++)
        {
            var position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            var newByte = alphabet is null || random.Next(3) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[position] = newByte;
                    break;
                case 2:
                    bytes.Insert(position, newByte);
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(position);
                    break;
                default:
                    bytes.RemoveRange(position, bytes.Count - position); // truncate
                    break;
            }
        }

        return bytes.ToArray();
    }
}

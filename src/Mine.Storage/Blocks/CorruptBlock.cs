using System.Diagnostics.CodeAnalysis;

namespace Mine.Storage.Blocks;

/// <summary>
/// Every "these bytes are not a valid block" failure is an <see cref="InvalidDataException"/>, so a damaged file
/// never surfaces as an IndexOutOfRangeException and callers can treat all bad-file errors alike.
/// </summary>
internal static class CorruptBlock
{
    [DoesNotReturn]
    public static void Throw(string problem) => throw new InvalidDataException("Corrupt value block: " + problem + ".");
}

using Mine.Core.IO;
using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>
/// The files of one destination's folder: <c>&lt;id&gt;.staged</c> (records being appended), <c>&lt;id&gt;.chunk</c>
/// (a sealed <see cref="ChunkPayload"/>), <c>&lt;id&gt;.chunk.tmp</c> (a seal being written) and <c>corrupt/</c>.
/// </summary>
internal static class ChunkFiles
{
    public const string StagedExtension = ".staged";
    public const string ChunkExtension = ".chunk";
    public const string TemporaryExtension = ".chunk.tmp";
    public const string CorruptFolder = "corrupt";

    public static string StagedPath(string directory, ChunkId id) => Path.Combine(directory, id + StagedExtension);

    public static string ChunkPath(string directory, ChunkId id) => Path.Combine(directory, id + ChunkExtension);

    /// <summary>Parses <c>&lt;32 hex&gt;&lt;extension&gt;</c>.</summary>
    public static bool TryParse(string fileName, string extension, out ChunkId id)
    {
        id = default;
        return fileName.Length == (2 * ChunkId.Size) + extension.Length
            && fileName.EndsWith(extension, StringComparison.Ordinal)
            && ChunkId.TryParse(fileName.AsSpan(0, 2 * ChunkId.Size), out id);
    }

    /// <summary>
    /// Writes a sealed chunk whole: a temporary file, fsynced, renamed over the final name, the folder fsynced. A
    /// crash at any moment leaves either no <c>.chunk</c> file or a complete, durable one.
    /// </summary>
    public static void WriteSealed(string directory, ChunkId id, ReadOnlySpan<byte> payload)
    {
        var final = ChunkPath(directory, id);
        var temporary = final + ".tmp";
        try
        {
            using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write))
            {
                RandomAccess.Write(handle, payload, 0);
                RandomAccess.FlushToDisk(handle);
            }

            File.Move(temporary, final, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        FileSystemSync.SyncDirectory(directory);
    }

    /// <summary>Moves a damaged file to <c>corrupt/</c> for a human to look at, never over an earlier one.</summary>
    public static void Quarantine(string directory, string fileName, string reason, Action<string> log)
    {
        var corrupt = Path.Combine(directory, CorruptFolder);
        try
        {
            Directory.CreateDirectory(corrupt);
            var target = Path.Combine(corrupt, fileName);
            for (var n = 1; File.Exists(target); n++)
            {
                target = Path.Combine(corrupt, $"{fileName}.{n}");
            }

            File.Move(Path.Combine(directory, fileName), target);
            log($"buffer: {Path.Combine(directory, fileName)} is damaged ({reason}); moved to {target}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"buffer: {Path.Combine(directory, fileName)} is damaged ({reason}) and could not be moved to {corrupt}: {e.Message}; it is left where it is and ignored");
        }
    }

    public static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

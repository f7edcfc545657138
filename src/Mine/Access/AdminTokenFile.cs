using System.Security.Cryptography;
using System.Text;
using Mine.Core.Errors;

namespace Mine.Access;

/// <summary>
/// The admin token kept in a file (by default <c>admin-token</c> in the data folder): read when it exists, otherwise
/// made once, 32 random bytes as hex, written with mode 0600 from the start (never readable by others, not even for a
/// moment) through a temporary file and a rename, so a crash leaves no half token. Kept across restarts, so scripts
/// can read it with <c>$(cat DATA/admin-token)</c>.
/// </summary>
internal static class AdminTokenFile
{
    public const string DefaultName = "admin-token";
    public const string Flag = "--admin-token-file";

    /// <summary>The token in <paramref name="path"/>, made first if the file does not exist (<c>Created</c>).</summary>
    public static (string Token, bool Created) ReadOrCreate(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                return (Read(path), false);
            }

            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using (var file = new FileStream(temporary, options))
                {
                    file.Write(Encoding.ASCII.GetBytes(token + "\n"));
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: its token is the one in force.
                return (Read(path), false);
            }
            finally
            {
                File.Delete(temporary);
            }

            return (token, true);
        }
        catch (UnauthorizedAccessException)
        {
            throw new MineUserException($"{Flag} {path}: permission denied: let the user Mine runs as read and write it (or its folder), or give the token with --admin-token.");
        }
        catch (IOException e)
        {
            throw new MineUserException($"{Flag} {path}: {e.Message}; give a file Mine can write, or the token itself with --admin-token.");
        }
    }

    /// <summary>Whether users other than the owner and its group may read the file (a warning, not a refusal: a
    /// root-owned 0640 file readable by Mine's group is a normal setup).</summary>
    public static bool OthersCanRead(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0;

    private static string Read(string path)
    {
        var token = File.ReadAllText(path).Trim();
        if (token.Length == 0)
        {
            throw new MineUserException($"{Flag} {path} is empty: write a token into it, or delete it so that Mine makes a new one.");
        }

        if (token.Any(static c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new MineUserException($"{Flag} {path} holds more than one word: keep the token alone on one line.");
        }

        return token;
    }
}

using Mine.Core.Errors;

namespace Mine.Hosting;

/// <summary>
/// Checks a folder Mine writes to (<c>--data</c>, the relay's <c>--buffer</c>) before anything opens it, so that a
/// file in its place, a missing permission or a read-only mount is one line naming the flag and the fix instead of
/// an exception deep in storage.
/// </summary>
internal static class FolderCheck
{
    /// <summary>Creates the folder if needed and proves it writable; returns its full path.</summary>
    /// <param name="flag">The flag that names it, e.g. <c>--data</c>.</param>
    /// <param name="key">Its configuration key, e.g. <c>Mine:Data</c>.</param>
    /// <param name="path">The folder as given.</param>
    /// <exception cref="MineUserException">It cannot be used; the message names the flag and what to do.</exception>
    public static string Writable(string flag, string key, string path)
    {
        var full = Path.GetFullPath(path);
        var choose = $"choose another folder with {flag} DIR ({key})";
        if (File.Exists(full))
        {
            throw new MineUserException($"{flag} {path}: this is a file, not a folder; give a folder (it is created if missing) with {flag} DIR ({key})");
        }

        for (var ancestor = Path.GetDirectoryName(full); ancestor is not null && !Directory.Exists(ancestor); ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                throw new MineUserException($"{flag} {path}: {ancestor} is a file, so no folder can be made under it; {choose}");
            }
        }

        var user = Environment.UserName;
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (UnauthorizedAccessException)
        {
            throw new MineUserException($"{flag} {path}: the user {user} may not create it (permission denied); create it for that user (mkdir -p {full} && chown {user} {full}) or {choose}");
        }
        catch (IOException ex)
        {
            throw new MineUserException($"{flag} {path}: cannot create it ({ex.Message}); {choose}");
        }

        // Creating a file is what storage does first; a folder that refuses one is unusable even if it exists.
        var probe = Path.Combine(full, $".mine-write-check-{Environment.ProcessId}");
        try
        {
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (UnauthorizedAccessException)
        {
            throw new MineUserException($"{flag} {path}: the user {user} may not write in it (permission denied); give it that user (chown -R {user} {full}) or {choose}");
        }
        catch (IOException ex)
        {
            throw new MineUserException($"{flag} {path}: cannot write in it ({ex.Message}); make it writable (a read-only mount?) or {choose}");
        }

        return full;
    }

    /// <summary>The line for a folder another process holds (its LOCK file).</summary>
    public static MineUserException InUse(string flag, string key, FolderInUseException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new MineUserException($"{flag} {error.Folder}: another Mine process uses this folder (it holds the folder's LOCK file); stop that process, or give this one its own folder with {flag} DIR ({key})", error);
    }
}

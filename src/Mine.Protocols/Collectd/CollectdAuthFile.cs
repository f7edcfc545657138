using System.Diagnostics;
using System.Text;

namespace Mine.Protocols.Collectd;

/// <summary>One AuthFile entry. Names and passwords are raw bytes, as collectd treats them (C strings).</summary>
public sealed class CollectdUser
{
    internal CollectdUser(byte[] name, byte[] password)
    {
        Name = name;
        Password = password;
    }

    public ReadOnlyMemory<byte> Name { get; }

    /// <summary>The password bytes: the HMAC key, and SHA-256 of it is the AES-256 key.</summary>
    public ReadOnlyMemory<byte> Password { get; }
}

/// <summary>
/// collectd's AuthFile (utils_fbhash.c): <c>user: password</c> lines, looked up by the listener for every signed
/// or encrypted part. Like fbh_get, a lookup re-reads the file when its modification time changed, but stats it
/// at most once per <see cref="CheckInterval"/> so a packet flood costs no syscalls. A file that cannot be read
/// keeps the previous users (fbh_check_file only replaces the tree after a successful read). Thread-safe: the
/// user table is an immutable snapshot swapped atomically.
/// </summary>
public sealed class CollectdAuthFile
{
    /// <summary>fbh_read_file reads lines with fgets into a 4096-byte buffer: at most 4095 bytes per line.</summary>
    internal const int FgetsChunk = 4095;

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _timeProvider;
    private Snapshot _snapshot;
    private long _lastCheckTimestamp;

    /// <summary>Reads the file now; throws if it cannot be read, as collectd refuses to open the socket then.</summary>
    public CollectdAuthFile(string path, TimeProvider? timeProvider = null)
    {
        Path = path;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _lastCheckTimestamp = _timeProvider.GetTimestamp();
        var stamp = Stamp(path);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Reading the collectd AuthFile \"{path}\" failed: {e.Message}", e);
        }

        _snapshot = new Snapshot(ParseUsers(content), stamp, Generation: 1);
    }

    public string Path { get; }

    /// <summary>Increases whenever the file was re-read; lets callers drop keys derived from old entries.</summary>
    public int Generation => Volatile.Read(ref _snapshot).Generation;

    public int Count => Volatile.Read(ref _snapshot).Users.Count;

    /// <summary>Finds a user by the bytes of its name (the lookup network.c does with fbh_get).</summary>
    public bool TryGetUser(ReadOnlySpan<byte> name, out CollectdUser user)
    {
        ReloadIfDue();
        var users = Volatile.Read(ref _snapshot).Lookup;
        if (name.Length > FgetsChunk)
        {
            user = null!;
            return false; // no AuthFile line can hold such a name
        }

        // Latin-1 maps bytes 1:1 to chars, so the string-keyed table can be probed without allocating.
        Span<char> chars = stackalloc char[name.Length];
        Encoding.Latin1.GetChars(name, chars);
        return users.TryGetValue(chars, out user!);
    }

    /// <summary>Convenience lookup by name; the password comes back as Latin-1 text of its bytes.</summary>
    public bool TryGetPassword(string name, out string password)
    {
        if (TryGetUser(Encoding.Latin1.GetBytes(name), out var user))
        {
            password = Encoding.Latin1.GetString(user.Password.Span);
            return true;
        }

        password = "";
        return false;
    }

    /// <summary>Stats the file now (ignoring the once-per-second limit) and re-reads it if it changed.</summary>
    public bool ReloadIfChanged()
    {
        _lastCheckTimestamp = _timeProvider.GetTimestamp();
        var current = Volatile.Read(ref _snapshot);
        var stamp = Stamp(Path);
        if (stamp == current.Stamp || stamp.Length < 0)
        {
            return false;
        }

        try
        {
            var content = File.ReadAllBytes(Path);
            Volatile.Write(ref _snapshot, new Snapshot(ParseUsers(content), stamp, current.Generation + 1));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // keep the users we had, like fbh_check_file
        }
    }

    /// <summary>
    /// Parses AuthFile content with fbh_read_file's rules: lines as fgets returns them (≤ 4095 bytes; a longer
    /// line continues as the next "line"), cut at an embedded NUL (C string), trailing '\r'/'\n' removed, leading
    /// spaces/tabs skipped, empty and '#' lines ignored, key = everything before the first ':' (trailing blanks
    /// kept), spaces/tabs after the colon skipped, value = the rest (trailing blanks kept), lines without ':' or
    /// without a value ignored. A repeated user keeps its first password (c_avl_insert refuses duplicates).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseUsers(ReadOnlySpan<byte> content)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < content.Length)
        {
            var window = content.Slice(position, Math.Min(FgetsChunk, content.Length - position));
            var newline = window.IndexOf((byte)'\n');
            var line = newline >= 0 ? window[..(newline + 1)] : window;
            position += line.Length;

            var nul = line.IndexOf((byte)0);
            if (nul >= 0)
            {
                line = line[..nul];
            }

            while (line.Length > 0 && (line[^1] == (byte)'\n' || line[^1] == (byte)'\r'))
            {
                line = line[..^1];
            }

            line = SkipBlanks(line);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var value = SkipBlanks(line[(colon + 1)..]);
            if (value.IsEmpty)
            {
                continue;
            }

            users.TryAdd(Encoding.Latin1.GetString(line[..colon]), Encoding.Latin1.GetString(value));
        }

        return users;
    }

    private static ReadOnlySpan<byte> SkipBlanks(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && (text[i] == (byte)' ' || text[i] == (byte)'\t'))
        {
            i++;
        }

        return text[i..];
    }

    private void ReloadIfDue()
    {
        var last = Volatile.Read(ref _lastCheckTimestamp);
        if (_timeProvider.GetElapsedTime(last) < CheckInterval)
        {
            return;
        }

        // One thread wins the check; the others keep using the current snapshot.
        if (Interlocked.CompareExchange(ref _lastCheckTimestamp, _timeProvider.GetTimestamp(), last) == last)
        {
            ReloadIfChanged();
        }
    }

    /// <summary>Modification time and length; collectd compares st_mtime, the length catches same-tick rewrites.</summary>
    private static FileStamp Stamp(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc.Ticks, info.Length) : new FileStamp(0, -1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileStamp(0, -1);
        }
    }

    private readonly record struct FileStamp(long MtimeTicks, long Length);

    private sealed record Snapshot(IReadOnlyDictionary<string, string> Users, FileStamp Stamp, int Generation)
    {
        public Dictionary<string, CollectdUser>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; } = Build(Users);

        private static Dictionary<string, CollectdUser>.AlternateLookup<ReadOnlySpan<char>> Build(
            IReadOnlyDictionary<string, string> users)
        {
            var table = new Dictionary<string, CollectdUser>(users.Count, StringComparer.Ordinal);
            foreach (var (name, password) in users)
            {
                table[name] = new CollectdUser(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(password));
            }

            Debug.Assert(table.Count == users.Count);
            return table.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Mine.Core.Errors;

namespace Mine.Access;

/// <summary>
/// The users of HTTP basic auth, from a file of <c>user:hash</c> lines (<see cref="PasswordHash"/>; <c>#</c> starts a
/// comment), re-read when it changes. A password is checked with PBKDF2 once; a match is then remembered for a few
/// minutes under a keyed digest of user, password and stored hash, so a browser's dozens of requests per page cost
/// one PBKDF2, and a changed or removed entry stops matching at once.
/// </summary>
internal sealed class BasicAuthUsers
{
    public const string Flag = "--basic-auth-file";

    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RecheckFileEvery = TimeSpan.FromSeconds(2);
    private const int MaxRemembered = 10_000;

    private readonly string _path;
    private readonly Action<string> _warn;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, long> _verified = new(StringComparer.Ordinal);
    private readonly Lock _reload = new();
    private volatile IReadOnlyDictionary<string, string> _users;
    private DateTime _writeTime;
    private long _nextCheck;

    private BasicAuthUsers(string path, IReadOnlyDictionary<string, string> users, DateTime writeTime, Action<string> warn)
    {
        _path = path;
        _users = users;
        _writeTime = writeTime;
        _warn = warn;
    }

    public string Path => _path;

    public int Count => _users.Count;

    /// <summary>Reads the file; a missing, unreadable or malformed one is a <see cref="MineUserException"/> naming the
    /// flag, the line and the fix.</summary>
    public static BasicAuthUsers Load(string path, Action<string> warn)
    {
        var full = System.IO.Path.GetFullPath(path);
        var writeTime = File.GetLastWriteTimeUtc(full);
        return new BasicAuthUsers(full, Parse(full), writeTime, warn);
    }

    /// <summary>Whether <paramref name="user"/> with <paramref name="password"/> is an entry of the file.</summary>
    public bool Verify(string user, string password)
    {
        ReloadIfChanged();
        if (!_users.TryGetValue(user, out var hash))
        {
            return false;
        }

        var key = Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes($"{user}\0{password}\0{hash}")));
        var now = Environment.TickCount64;
        if (_verified.TryGetValue(key, out var until) && until > now)
        {
            return true;
        }

        if (!PasswordHash.Verify(password, hash))
        {
            return false;
        }

        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear();
        }

        _verified[key] = now + (long)RememberFor.TotalMilliseconds;
        return true;
    }

    private void ReloadIfChanged()
    {
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextCheck))
        {
            return;
        }

        lock (_reload)
        {
            if (now < Interlocked.Read(ref _nextCheck))
            {
                return;
            }

            Interlocked.Exchange(ref _nextCheck, now + (long)RecheckFileEvery.TotalMilliseconds);
            try
            {
                var writeTime = File.GetLastWriteTimeUtc(_path);
                if (writeTime == _writeTime)
                {
                    return;
                }

                _users = Parse(_path);
                _writeTime = writeTime;
            }
            catch (MineUserException e)
            {
                // A file saved half-edited must not lock everyone out: the users read last stay in force.
                _warn($"{e.Message} The users read before stay in force until the file is fixed.");
            }
        }
    }

    private static Dictionary<string, string> Parse(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MineUserException($"{Flag} {path}: no such file; make it with lines of 'mine auth hash-password USER'.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new MineUserException($"{Flag} {path}: permission denied: make it readable by the user Mine runs as (and by no one else).");
        }
        catch (IOException e)
        {
            throw new MineUserException($"{Flag} {path}: {e.Message}");
        }

        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var where = $"{Flag} {path} line {i + 1}";
            if (colon <= 0)
            {
                throw new MineUserException($"{where}: not 'user:hash'; make a line with 'mine auth hash-password USER'.");
            }

            var (user, hash) = (line[..colon], line[(colon + 1)..].Trim());
            if (PasswordHash.Problem(hash) is { } problem)
            {
                throw new MineUserException($"{where}: the password of '{user}' is {problem} (a plain password is never accepted); make the line with 'mine auth hash-password {user}'.");
            }

            if (!users.TryAdd(user, hash))
            {
                throw new MineUserException($"{where}: '{user}' is listed twice; keep one line per user.");
            }
        }

        if (users.Count == 0)
        {
            throw new MineUserException($"{Flag} {path} lists no user, so no one could read; add lines made with 'mine auth hash-password USER'.");
        }

        return users;
    }
}

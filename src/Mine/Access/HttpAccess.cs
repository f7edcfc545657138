using System.Security.Cryptography;
using System.Text;
using Mine.Core.Errors;
using Mine.Hosting;

namespace Mine.Access;

/// <summary>
/// Who may do what over HTTP (docs/security.md): the admin token for every request that changes state, and, when
/// a read token or a users file is configured, credentials for everything else but the health probes. The admin
/// token reads too. Tokens are compared as SHA-256 digests in constant time, so neither their content nor their
/// length shows in the answer's timing.
/// </summary>
internal sealed class HttpAccess
{
    private readonly byte[]? _adminDigest;
    private readonly byte[]? _readDigest;

    private HttpAccess(string? adminToken, string? readToken, BasicAuthUsers? users)
    {
        _adminDigest = adminToken is null ? null : Digest(adminToken);
        _readDigest = readToken is null ? null : Digest(readToken);
        Users = users;
    }

    /// <summary>Where the admin token was read from or written to; null when it came from Mine:AdminToken (or there is none).</summary>
    public string? AdminTokenFile { get; private init; }

    /// <summary>Whether this start made the token file.</summary>
    public bool AdminTokenCreated { get; private init; }

    public bool HasAdminToken => _adminDigest is not null;

    public bool HasReadToken => _readDigest is not null;

    public BasicAuthUsers? Users { get; }

    /// <summary>Whether reads need credentials (a read token or a users file is configured).</summary>
    public bool ReadsProtected => _readDigest is not null || Users is not null;

    /// <summary><c>mine serve</c>'s access: the configured admin token, or the one in the token file (made if missing).</summary>
    public static HttpAccess ForServe(MineOptions options, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(options);
        var users = LoadUsers(options, warn);
        var readToken = Token(options.ReadToken, "Mine:ReadToken (--read-token)", warn);
        if (Token(options.AdminToken, "Mine:AdminToken (--admin-token)", warn) is { } configured)
        {
            return new HttpAccess(configured, readToken, users);
        }

        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(options.AdminTokenFile) ? Path.Combine(options.Data, Access.AdminTokenFile.DefaultName) : options.AdminTokenFile);
        var (token, created) = Access.AdminTokenFile.ReadOrCreate(path);
        if (Access.AdminTokenFile.OthersCanRead(path))
        {
            warn($"{path} is readable by every user of this machine, who can then change Mine's data: chmod 600 it (or 640 with Mine's group).");
        }

        return new HttpAccess(token, readToken, users) { AdminTokenFile = path, AdminTokenCreated = created };
    }

    /// <summary><c>mine relay</c>'s access: nothing on its HTTP changes state, so only the read settings apply.</summary>
    public static HttpAccess ForRelay(MineOptions options, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HttpAccess(null, Token(options.ReadToken, "Mine:ReadToken (--read-token)", warn), LoadUsers(options, warn));
    }

    /// <summary>Whether the Authorization header carries the admin token.</summary>
    public bool IsAdmin(string? authorization) =>
        _adminDigest is not null && Bearer(authorization) is { } given && CryptographicOperations.FixedTimeEquals(Digest(given), _adminDigest);

    /// <summary>Whether the Authorization header lets the request read (always, when reads are open).</summary>
    public bool MayRead(string? authorization)
    {
        if (!ReadsProtected || IsAdmin(authorization))
        {
            return true;
        }

        if (Bearer(authorization) is { } token)
        {
            return _readDigest is not null && CryptographicOperations.FixedTimeEquals(Digest(token), _readDigest);
        }

        return Users is not null && Basic(authorization) is { } credentials && Users.Verify(credentials.User, credentials.Password);
    }

    /// <summary>The startup block's lines saying how access works and where the admin token is (label, value).</summary>
    public IEnumerable<(string Label, string Value)> Describe()
    {
        if (AdminTokenFile is { } file)
        {
            yield return ("admin token", $"{(AdminTokenCreated ? "made in" : "in")} {file}; writes need 'Authorization: Bearer $(cat {file})'");
        }
        else if (HasAdminToken)
        {
            yield return ("admin token", "Mine:AdminToken; writes need 'Authorization: Bearer <token>'");
        }

        if (!ReadsProtected)
        {
            yield return ("reads", "open to all (--basic-auth-file or --read-token require credentials)");
            yield break;
        }

        var ways = new List<string>();
        if (Users is not null)
        {
            ways.Add($"basic auth ({Users.Count} user(s) in {Users.Path})");
        }

        if (HasReadToken)
        {
            ways.Add("the read token");
        }

        yield return ("reads", $"need {string.Join(" or ", ways)}; /health and /health/live stay open");
    }

    private static BasicAuthUsers? LoadUsers(MineOptions options, Action<string> warn) =>
        string.IsNullOrWhiteSpace(options.BasicAuthFile) ? null : BasicAuthUsers.Load(options.BasicAuthFile, warn);

    private static string? Token(string? value, string name, Action<string> warn)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var token = value.Trim();
        if (token.Any(static c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new MineUserException($"{name} holds a space or a control character, which no Authorization header carries: use letters and digits (e.g. openssl rand -hex 32).");
        }

        if (token.Length < 16)
        {
            warn($"{name} has only {token.Length} characters and is easy to guess: use a longer one (e.g. openssl rand -hex 32).");
        }

        return token;
    }

    private static string? Bearer(string? authorization)
    {
        const string Scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : null;
    }

    private static (string User, string Password)? Basic(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[512];
        if (!Convert.TryFromBase64String(authorization[Scheme.Length..].Trim(), bytes, out var length))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

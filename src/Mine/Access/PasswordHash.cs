using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mine.Access;

/// <summary>
/// Password hashes in Django's format, <c>pbkdf2_sha256$ITERATIONS$SALT$BASE64</c>: PBKDF2-HMAC-SHA256 of the
/// UTF-8 password with the salt's UTF-8 bytes, 32 bytes, base64. graphite-web is a Django site, so the hashes of its
/// users (the <c>password</c> column of <c>auth_user</c>) can be copied into Mine's users file as they are.
/// </summary>
internal static class PasswordHash
{
    public const string Algorithm = "pbkdf2_sha256";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256: about a quarter of a second on one core. Mine checks a
    /// password once and then remembers it (<see cref="BasicAuthUsers"/>), so the cost is paid once per user, not per request.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>A bound on what a file may ask for, so one line cannot make every check take minutes.</summary>
    private const int MaxIterations = 10_000_000;

    private const string SaltAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetString(SaltAlphabet, 22);
        var hash = Derive(password, salt, iterations, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${iterations}${salt}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Why <paramref name="encoded"/> is not a hash this class verifies, or null when it is one.</summary>
    public static string? Problem(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm)
        {
            return $"not a {Algorithm}$ITERATIONS$SALT$HASH hash";
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > MaxIterations)
        {
            return $"its iteration count '{parts[1]}' is not a number from 1 to {MaxIterations}";
        }

        if (parts[2].Length == 0)
        {
            return "its salt is empty";
        }

        Span<byte> hash = stackalloc byte[64];
        if (!Convert.TryFromBase64String(parts[3], hash, out var length) || length is < 16 or > 64)
        {
            return "its hash is not base64 of 16 to 64 bytes";
        }

        return null;
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="encoded"/> (false for a malformed hash).</summary>
    public static bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(encoded);
        if (Problem(encoded) is not null)
        {
            return false;
        }

        var parts = encoded.Split('$');
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(password, parts[2], int.Parse(parts[1], CultureInfo.InvariantCulture), expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string password, string salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), iterations, HashAlgorithmName.SHA256, length);
}

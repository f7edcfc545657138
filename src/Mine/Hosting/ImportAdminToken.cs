using System.Net;
using Mine.Access;

namespace Mine.Hosting;

/// <summary>
/// The admin token <c>mine import-whisper --to</c> sends: <c>--admin-token</c>, else the file of
/// <c>--admin-token-file</c>, else <c>$MINE_ADMIN_TOKEN</c>, else, for a Mine on this machine only, the token file of
/// <c>mine serve</c>'s default data folder (<c>./data/admin-token</c>) when it exists. A token found on this
/// machine is never sent to another one unasked.
/// </summary>
internal static class ImportAdminToken
{
    public const string Variable = "MINE_ADMIN_TOKEN";

    public static string? Resolve(Uri server, string? token, string? tokenFile)
    {
        if (!string.IsNullOrWhiteSpace(token))
        {
            return token.Trim();
        }

        if (!string.IsNullOrWhiteSpace(tokenFile))
        {
            return ReadFile("--admin-token-file", tokenFile);
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        var local = Path.Combine("data", AdminTokenFile.DefaultName);
        return IsLoopback(server) && File.Exists(local) ? ReadFile("./data/admin-token", local) : null;
    }

    private static bool IsLoopback(Uri server) =>
        server.IsLoopback || (IPAddress.TryParse(server.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string ReadFile(string flag, string file)
    {
        try
        {
            var token = File.ReadAllText(file).Trim();
            return token.Length > 0 ? token : throw new ImportWhisperCommand.UsageException($"{flag} {file} is empty: give the admin-token file of the Mine given with --to.");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImportWhisperCommand.UsageException($"{flag} {file}: no such file; give the admin-token file in the data folder of the Mine given with --to.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ImportWhisperCommand.UsageException($"{flag} {file}: permission denied: run as a user that may read it (Mine's own, or root).");
        }
    }
}

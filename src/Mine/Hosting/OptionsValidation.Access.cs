using Mine.Access;
using Mine.Core.Errors;

namespace Mine.Hosting;

/// <summary>The settings of HTTP access (docs/security.md): HTTPS files, the users file, the tokens.</summary>
internal sealed partial class OptionsValidation
{
    /// <summary>What `serve` and `relay` share: HTTPS on --http and the read credentials.</summary>
    private void CheckHttpAccess(MineOptions o)
    {
        var (certKey, keyKey) = (M + nameof(MineOptions.HttpTlsCert), M + nameof(MineOptions.HttpTlsKey));
        var (cert, key) = (_configuration.Root[certKey], _configuration.Root[keyKey]);
        var certGiven = !string.IsNullOrWhiteSpace(cert);
        var keyGiven = !string.IsNullOrWhiteSpace(key);
        var filesMissing = (certGiven && !FileExists(certKey, cert!)) | (keyGiven && !FileExists(keyKey, key!));
        if (!filesMissing && certGiven != keyGiven)
        {
            var (missing, flag, other) = certGiven
                ? (keyKey, HttpsCertificate.KeyFlag, HttpsCertificate.CertFlag)
                : (certKey, HttpsCertificate.CertFlag, HttpsCertificate.KeyFlag);
            _problems.Add($"{flag} is missing ({missing}): give {HttpsCertificate.CertFlag} and {HttpsCertificate.KeyFlag} together for HTTPS, or neither for plain HTTP (with {other})");
        }
        else if (!filesMissing && certGiven)
        {
            try
            {
                HttpsCertificate.Load(cert, key, static _ => { });
            }
            catch (MineUserException e)
            {
                var (flag, problemKey, value) = e.Message.StartsWith(HttpsCertificate.KeyFlag, StringComparison.Ordinal) ? (HttpsCertificate.KeyFlag, keyKey, key) : (HttpsCertificate.CertFlag, certKey, cert);
                Problem(problemKey, WithoutSubject(e.Message, flag, value));
            }
        }

        if (!string.IsNullOrWhiteSpace(o.BasicAuthFile) && FileExists(M + nameof(MineOptions.BasicAuthFile), o.BasicAuthFile))
        {
            try
            {
                BasicAuthUsers.Load(o.BasicAuthFile, static _ => { });
            }
            catch (MineUserException e)
            {
                Problem(M + nameof(MineOptions.BasicAuthFile), WithoutSubject(e.Message, BasicAuthUsers.Flag, Path.GetFullPath(o.BasicAuthFile)));
            }
        }

        Token(M + nameof(MineOptions.ReadToken), o.ReadToken);
    }

    /// <summary>`serve`'s admin token: a usable configured one, or a token file that is a file and not empty.</summary>
    private void CheckAdminToken(MineOptions o)
    {
        Token(M + nameof(MineOptions.AdminToken), o.AdminToken);
        var fileKey = M + nameof(MineOptions.AdminTokenFile);
        if (!string.IsNullOrWhiteSpace(o.AdminToken) || string.IsNullOrWhiteSpace(o.AdminTokenFile))
        {
            return;
        }

        if (Directory.Exists(o.AdminTokenFile))
        {
            Problem(fileKey, "is a folder; give the path of a file (it is made with a new token when missing)");
        }
        else if (File.Exists(o.AdminTokenFile) && new FileInfo(o.AdminTokenFile).Length < 256 && File.ReadAllText(o.AdminTokenFile).Trim().Length == 0)
        {
            Problem(fileKey, "is empty: write a token into it, or delete it so that Mine makes a new one");
        }
    }

    private void Token(string key, string? value)
    {
        NotBlank(key, value);
        if (!string.IsNullOrWhiteSpace(value) && value.Trim().Any(static c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            Problem(key, "holds a space or a control character, which no Authorization header carries; use letters and digits (e.g. openssl rand -hex 32)");
        }
    }
}

namespace Mine.Server.Tests.Packaging;

/// <summary>
/// A fact that installs the .deb on this machine: it needs root, dpkg-deb and setpriv, and it leaves alone a Mine an
/// operator installed (a /var/lib/mine this test did not make). Skipped locally when one of these is missing; in CI
/// (CI=true), which runs as root with them, it runs and fails instead.
/// </summary>
public sealed class PackageFactAttribute : FactAttribute
{
    public PackageFactAttribute()
    {
        if (DebInstall.WhyNot() is { } reason && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = reason;
        }
    }
}

using Mine.Core.Errors;

namespace Mine.Hosting;

/// <summary>Settings Mine cannot start with: every problem found, each one line that names the flag, the key and
/// what to do. `serve` and `relay` print them and exit with <see cref="ExitCode"/>.</summary>
public sealed class OptionsException(IReadOnlyList<string> problems) : MineUserException(string.Join(Environment.NewLine, problems))
{
    /// <summary>Exit code for bad usage or settings, as for every other start error.</summary>
    public const int ExitCode = 2;

    public IReadOnlyList<string> Problems { get; } = problems;
}

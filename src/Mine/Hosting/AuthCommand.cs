using System.CommandLine;
using System.Text;
using Mine.Access;

namespace Mine.Hosting;

/// <summary>
/// <c>mine auth hash-password USER</c>: prints a line for the basic auth users file (<c>--basic-auth-file</c>),
/// <c>USER:pbkdf2_sha256$…</c>. The password is asked twice without echo on a terminal, or read as one line from
/// standard input (<c>echo "$PW" | mine auth hash-password alice</c>), never taken as an argument, which every user
/// of the machine could read in the process list. Exit codes: 0 printed, 2 bad usage (one line).
/// </summary>
internal static class AuthCommand
{
    public const int BadUsage = 2;

    public static Command Create()
    {
        var user = new Argument<string>("USER") { Description = "The user name (no ':' and no spaces)." };
        var iterations = new Option<int>("--iterations") { Description = $"PBKDF2 iterations (default {PasswordHash.DefaultIterations}).", DefaultValueFactory = _ => PasswordHash.DefaultIterations };
        var hash = new Command("hash-password", "Print a 'user:hash' line for --basic-auth-file; the password is read from the terminal or standard input.") { user, iterations };
        hash.SetAction(parse => Run(parse.GetValue(user)!, parse.GetValue(iterations)));
        return new Command("auth", "Users for HTTP basic auth (--basic-auth-file).") { hash };
    }

    /// <summary>True when <paramref name="parsed"/> is <paramref name="auth"/> or one of its subcommands.</summary>
    public static bool Owns(Command auth, Command parsed) => parsed == auth || auth.Subcommands.Contains(parsed);

    private static int Run(string user, int iterations)
    {
        if (user.Length == 0 || user.Any(static c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return Refuse($"USER '{user}' must be a non-empty name without ':' or spaces.");
        }

        if (iterations is < 100_000 or > 10_000_000)
        {
            return Refuse($"--iterations {iterations} must be from 100000 to 10000000.");
        }

        string? password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = Prompt("Password: ");
            if (password != Prompt("Again: "))
            {
                return Refuse("the two passwords differ; nothing printed.");
            }
        }

        if (string.IsNullOrEmpty(password))
        {
            return Refuse("the password is empty; give one on standard input or at the prompt.");
        }

        Console.WriteLine($"{user}:{PasswordHash.Create(password, iterations)}");
        return 0;
    }

    private static int Refuse(string message)
    {
        Console.Error.WriteLine($"mine auth hash-password: {message}");
        return BadUsage;
    }

    private static string Prompt(string prompt)
    {
        Console.Error.Write(prompt);
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}

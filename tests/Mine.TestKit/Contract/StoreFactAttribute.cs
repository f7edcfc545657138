using System.Reflection;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>
/// A contract test: a fact, skipped when the test assembly running it declares (<see cref="StoreNeedsProgramAttribute"/>)
/// a program its store needs that is not installed, except in CI (CI=true), where it runs and fails instead, because
/// .ci/run installs it. The contract's tests are inherited by each store's test class, so the skip cannot be written
/// on them; the assembly that runs them says what it needs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute
{
    public StoreFactAttribute() => Skip = StoreNeedsProgramAttribute.SkipReason();
}

/// <summary>A contract theory, skipped as <see cref="StoreFactAttribute"/> is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute
{
    public StoreTheoryAttribute() => Skip = StoreNeedsProgramAttribute.SkipReason();
}

/// <summary>Declares, on a test assembly, a program the store its contract tests open needs.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class StoreNeedsProgramAttribute(string program, string package) : Attribute
{
    public string Program { get; } = program;

    public string Package { get; } = package;

    /// <summary>Why the running test assembly's store cannot be opened here, or null (always null in CI).</summary>
    internal static string? SkipReason()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            return null;
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            foreach (var needs in assembly.GetCustomAttributes<StoreNeedsProgramAttribute>())
            {
                if (!File.Exists(needs.Program))
                {
                    return $"{needs.Program} not installed (apt-get install {needs.Package})";
                }
            }
        }

        return null;
    }
}

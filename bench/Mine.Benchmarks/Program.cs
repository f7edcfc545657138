using BenchmarkDotNet.Running;

namespace Mine.Benchmarks;

internal static class Program
{
    // Run with: dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*'
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

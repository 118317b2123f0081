using BenchmarkDotNet.Running;

namespace ContactCenter.Benchmarks;

/// <summary>Runs the benchmarks named on the command line (BenchmarkDotNet's switcher) or a load script.</summary>
internal static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}

using BenchmarkDotNet.Running;
using ContactCenter.Benchmarks.Letters;
using ContactCenter.Benchmarks.Tenancy;

namespace ContactCenter.Benchmarks;

/// <summary>Runs a load script named by the first argument, or the BenchmarkDotNet benchmarks named on the command line.</summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "provisioning":
                return await ProvisioningLoad.RunAsync(args[1..]);
            case "tokens":
                return await Identity.TokenLoad.RunAsync(args[1..]);
            case "letters-batch":
                return LetterBatchLoad.Run(args[1..]);
            case "letters-requests":
                return await RequestLetterLoad.RunAsync(args[1..]);
            case "ingest":
                return await Mail.IngestLoad.RunAsync(args[1..]);
            case "lists":
                return await Requests.ListLoad.RunAsync(args[1..]);
            case "escalation-scan":
                return await Requests.EscalationScanLoad.RunAsync(args[1..]);
            case "scale-out":
                return await ScaleOut.ScaleOutLoad.RunAsync(args[1..]);
            default:
                // In process: BenchmarkDotNet's generated project cannot restore what ASP.NET Core's shared
                // framework provides (our registry lacks the NuGet stand-ins), so benchmarks run in this process.
                string[] inProcess = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(inProcess);
                return 0;
        }
    }
}

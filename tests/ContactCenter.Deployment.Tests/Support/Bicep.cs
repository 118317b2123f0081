using System.Reflection;

namespace ContactCenter.Deployment.Tests.Support;

/// <summary>
/// The Bicep compiler from the NuGet package Azure.Bicep.CommandLine.linux-x64, which the test project downloads
/// (PackageDownload) into the NuGet packages folder; its path is written into the test assembly at build time.
/// </summary>
internal static class Bicep
{
    private static readonly Lazy<string> Executable = new(Find);

    public static (int ExitCode, string Output, string Error) Run(params string[] arguments) =>
        DockerfileShould.Run(Executable.Value, arguments);

    private static string Find()
    {
        var package = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value!;
        var executable = Path.Combine(package, "tools", "bicep");
        Assert.True(File.Exists(executable), $"No Bicep compiler at {executable}: restore tests/ContactCenter.Deployment.Tests.");
        // The package holds the Linux build alone (linux-x64).
        Assert.True(OperatingSystem.IsLinux(), "The Bicep package downloaded here runs on Linux only.");
        if (OperatingSystem.IsLinux() && !File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute))
        {
            // Some NuGet clients extract without the execute bit: run a copy that has it.
            var copy = Path.Combine(Path.GetTempPath(), $"cc-bicep-{Environment.ProcessId}");
            File.Copy(executable, copy, overwrite: true);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return copy;
        }

        return executable;
    }
}

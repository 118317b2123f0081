namespace ContactCenter.Benchmarks;

/// <summary>A console program is no test assembly, so WebApplicationFactory is told where the server project is (found upwards from the binaries).</summary>
internal static class ServerContentRoot
{
    public static void Use()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var server = Path.Combine(folder.FullName, "src", "ContactCenter.Server");
            if (Directory.Exists(server))
            {
                Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONTACTCENTER_SERVER", server);
                return;
            }
        }
    }
}

namespace ContactCenter.Deployment.Tests.Support;

/// <summary>The repository the tests run from: its root is the folder holding ContactCenter.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The absolute path of <paramref name="relative"/> (written with '/').</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    public static string Read(string relative)
    {
        var path = PathOf(relative);
        Assert.True(File.Exists(path), $"{relative} is missing from the repository.");
        return File.ReadAllText(path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContactCenter.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ContactCenter.sln above {AppContext.BaseDirectory}.");
    }
}

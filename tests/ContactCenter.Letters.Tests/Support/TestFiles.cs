namespace ContactCenter.Letters.Tests.Support;

/// <summary>A scratch directory per test, removed afterwards.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cc-letters-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A scratch directory left behind in /tmp does no harm; the test result matters more.
        }
    }
}

internal static class SystemFonts
{
    public const string LiberationSans = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf";
    public const string LiberationSansBold = "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf";
    public const string DejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public const string DejaVuSerif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
}

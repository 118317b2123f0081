using Microsoft.Playwright;

namespace ContactCenter.EndToEnd.Tests.Support;

/// <summary>
/// Debian's Chromium (installed by <c>infra/dev/services.d/browser.sh</c>), headless, driven by Playwright;
/// Playwright's own browser download is not used.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    static Chromium()
    {
        // Playwright's expectations retry for 5 s by default. Near the end of a test run the whole solution shares two
        // cores, and a form's post and redirect has taken longer than that; this is a bound on waiting, not a speed check.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Starts Playwright's driver and launches Chromium, with <paramref name="arguments"/> besides the usual ones.</summary>
    /// <exception cref="FileNotFoundException">Chromium is not installed.</exception>
    public static async Task<Chromium> LaunchAsync(params string[] arguments)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"Chromium is not installed; run infra/dev/services.d/browser.sh start (the test command does).", ExecutablePath);
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // Chromium's sandbox cannot start as root, which the test command and CI run as; a small /dev/shm
                // in containers would crash it.
                Args = ["--no-sandbox", "--disable-dev-shm-usage", .. arguments],
                Timeout = 30_000,
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

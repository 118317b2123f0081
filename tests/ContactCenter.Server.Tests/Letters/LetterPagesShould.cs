using System.Net;
using AngleSharp.Dom;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Letters;

/// <summary>
/// The letter export on the pages, as a signed-in administrator uses it: the request page's form (latest answer chosen,
/// recipient prefilled), download and store, a problem beside its field; the inbox's way to a batch, its progress page
/// and the zip; in English and German.
/// </summary>
public abstract class LetterPagesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ExportAnAnswerFromTheRequestPage()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        var request = await setup.RequestAsync(server, 12, (5, "<p>Older.</p>"), (9, "<p>The page's answer.</p>"));
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(setup.Slug), setup.Slug);
        var url = $"/t/{setup.Slug}/requests/{request.Id}";

        var page = await GetAsync(browser, url, "en");
        var german = await GetAsync(browser, url, "de");

        var section = page.QuerySelector("section[data-letter]")!;
        Assert.Equal("Letter", section.QuerySelector("h2")?.TextContent);
        Assert.Equal("Brief", german.QuerySelector("section[data-letter] h2")?.TextContent);
        var answers = section.QuerySelectorAll("[data-letter-answer] option");
        Assert.Equal(2, answers.Length);
        Assert.True(answers[0].HasAttribute("selected"));
        Assert.Equal("Frau Erika Mustermann\nLindenweg 12\n20095 Hamburg\nDeutschland", section.QuerySelector("[data-letter-recipient]")?.TextContent.Trim());
        var action = section.QuerySelector("form[data-letter-form]")!.GetAttribute("action")!;
        Assert.Equal($"/t/{setup.Slug}/requests/{request.Id}/letter", action);
        var token = section.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Dictionary<string, string> Form(string recipient, string store) => new()
        {
            ["__RequestVerificationToken"] = token, ["answerId"] = answers[0].GetAttribute("value")!, ["recipient"] = recipient, ["store"] = store,
        };

        using var pdf = await browser.PostAsync(action, new FormUrlEncodedContent(Form("Erika Mustermann\r\nAm Markt 3\r\n20095 Hamburg", "false")));
        Assert.True(pdf.StatusCode == HttpStatusCode.OK, $"{pdf.StatusCode}: {await pdf.Content.ReadAsStringAsync()}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = (await LetterSetup.PdfAsync(pdf.Content)).Text;
        Assert.Contains("The page's answer.", text, StringComparison.Ordinal);
        Assert.Contains("Am Markt 3", text, StringComparison.Ordinal);
        var stored = PageBrowser.Parse(await PageBrowser.PostAsync(browser, action, new FormUrlEncodedContent(Form("Erika Mustermann\nAm Markt 3", "true")), HttpStatusCode.OK));
        Assert.Matches(@"^letter-12-.*\.pdf$", stored.QuerySelector("[data-letter-stored]")?.GetAttribute("data-letter-stored"));
        var refused = PageBrowser.Parse(await PageBrowser.PostAsync(browser, action, new FormUrlEncodedContent(Form("  ", "false")), HttpStatusCode.BadRequest));
        Assert.Equal("Enter the recipient's address, a line each.", refused.QuerySelector("[data-error-for=recipient]")?.TextContent);
    }

    [Fact]
    public async Task StartABatchFromTheInboxAndDownloadItsZip()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        await setup.RequestAsync(server, 1, (5, "<p>One.</p>"));
        await setup.RequestAsync(server, 2, (5, "<p>Two.</p>"));
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(setup.Slug), setup.Slug);

        var inbox = await GetAsync(browser, $"/t/{setup.Slug}/inbox?categoryId={setup.CategoryId}", "en");
        var link = inbox.QuerySelector("a[data-letter-batch-link]")!.GetAttribute("href")!;
        Assert.Equal($"/t/{setup.Slug}/letters/batches?categoryId={setup.CategoryId}", link);
        var batches = await GetAsync(browser, link, "en");
        var germanBatches = await GetAsync(browser, link, "de");

        Assert.Equal("2", batches.QuerySelector("[data-batch-matching]")?.GetAttribute("data-batch-matching"));
        Assert.Equal("Briefe für viele Anfragen", germanBatches.QuerySelector("h1")?.TextContent);
        var form = batches.QuerySelector("form[data-batch-form]")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").Where(i => !string.IsNullOrEmpty(i.GetAttribute("value")))
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        using var started = await browser.PostAsync(link, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var progressUrl = started.Headers.Location!.OriginalString;
        Assert.Matches($"^/t/{setup.Slug}/letters/batches/[0-9a-f-]{{36}}$", progressUrl);
        var finished = await Poll.UntilAsync(() => GetAsync(browser, progressUrl, "en"),
            p => p.QuerySelector("[data-batch-state]")?.GetAttribute("data-batch-state") == "finished", "the batch page to show it finished");
        Assert.Equal("2", finished.QuerySelector("progress[data-batch-progress]")?.GetAttribute("value"));
        Assert.Equal("false", finished.QuerySelector("progress[data-batch-progress]")?.GetAttribute("data-working"));
        var zip = finished.QuerySelector("a[data-batch-download]")!.GetAttribute("href")!;
        using var download = await browser.GetAsync(zip);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        Assert.Equal(2, archive.Entries.Count);
        var list = await GetAsync(browser, $"/t/{setup.Slug}/letters/batches", "en");
        Assert.Single(list.QuerySelectorAll("[data-batches] li"));
    }

    private static Task<IDocument> GetAsync(HttpClient browser, string url, string language) => PageBrowser.GetDocumentAsync(browser, url, language);
}

public sealed class LetterPagesOnSqlite(SqliteServerFixture server) : LetterPagesShould<SqliteServerFixture>(server);

public sealed class LetterPagesOnPostgres(PostgresServerFixture server) : LetterPagesShould<PostgresServerFixture>(server);

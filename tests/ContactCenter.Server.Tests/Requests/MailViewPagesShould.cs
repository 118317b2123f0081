using System.Net;
using AngleSharp.Dom;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// The safe mail view of the request page: inline images from the message, remote images held back until the reader
/// lets them through for one message, then served by the image proxy (and only what its token names); attachments as
/// downloads within the caller's request scope; plain text always.
/// </summary>
public abstract class MailViewPagesShould<TFixture>(TFixture server) : IAsyncLifetime
    where TFixture : ServerFixture
{
    private ImageOrigin _origin = null!;

    public async ValueTask InitializeAsync() => _origin = await ImageOrigin.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _origin.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task InlineCidImagesHoldBackRemoteOnesAndLetThemThroughTheProxyForOneMessage()
    {
        var (slug, tenantId) = await TenantAsync();
        var (request, message, attachments) = await MailAsync(tenantId, $"<p>Hello <b>there</b></p><img src=\"cid:logo@example.com\" alt=\"Logo\"><img src=\"{_origin.At("/dot.png")}\" alt=\"Remote\">");
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var url = $"/t/{slug}/requests/{request}";

        var page = await PageAsync(browser, url, "en");
        var frame = Frame(page);
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(ImageOrigin.Png)}\"", frame, StringComparison.Ordinal);
        Assert.DoesNotContain(_origin.Address.Authority, frame, StringComparison.Ordinal);
        Assert.Equal("Remote images are blocked (1). Show them for this message", Text(page.QuerySelector("[data-images-blocked]")!));
        Assert.Equal("Plain text (from the HTML version)", Text(page.QuerySelector("[data-plain] summary")!));
        Assert.Equal("Hello there", Text(page.QuerySelector("[data-plain] [data-text]")!));
        // By declared type: fake.png's bytes are no image, so its download comes as application/octet-stream and shows nothing.
        Assert.Equal(["logo.png", "photo.png", "fake.png"], page.QuerySelectorAll("[data-thumbnail]").Select(i => i.ParentElement!.QuerySelector("[data-download]")!.TextContent));
        var german = await PageAsync(browser, url, "de");
        Assert.Equal("Externe Bilder sind blockiert (1). Für diese Nachricht anzeigen", Text(german.QuerySelector("[data-images-blocked]")!));
        Assert.Equal("Nur-Text (aus der HTML-Fassung)", Text(german.QuerySelector("[data-plain] summary")!));

        var link = page.QuerySelector("a[data-show-images]")!.GetAttribute("href")!;
        Assert.Equal($"{url}?images={message}#message-{message}", link);
        var shown = await PageAsync(browser, link, "en");
        Assert.Null(shown.QuerySelector("[data-images-blocked]"));
        Assert.Equal("Remote images of this message are loaded through our image proxy.", Text(shown.QuerySelector("[data-images-shown]")!));
        var proxied = PageBrowser.Parse(Frame(shown)).QuerySelector("img[alt=Remote]")!.GetAttribute("src")!;
        Assert.StartsWith($"/t/{slug}/mail-images/", proxied, StringComparison.Ordinal);
        Assert.Empty(_origin.Requests);

        // The frame sends no cookie: the proxy answers without one.
        using var anonymous = server.CreateClient();
        using var image = await anonymous.GetAsync(proxied, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ImageOrigin.Png, await image.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("default-src 'none'; sandbox", image.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(MailImageFetcher.UserAgent, Assert.Single(_origin.Requests).UserAgent);
        Assert.Equal(attachments.Count, page.QuerySelectorAll("[data-attachment] a[data-download]").Length);
    }

    [Fact]
    public async Task ProxyOnlyWhatAValidTokenOfThisTenantsMessageNames()
    {
        var (slug, tenantId) = await TenantAsync();
        var (request, message, _) = await MailAsync(tenantId, "<p>One</p>");
        var (otherRequest, otherMessage, _) = await MailAsync(tenantId, "<p>Two</p>");
        var (otherSlug, otherTenant) = await TenantAsync();
        var tokens = server.Services.GetRequiredService<MailImageTokens>();
        var now = server.Clock.GetUtcNow();
        string Token(Guid tenant, Guid requestId, Guid messageId, string path, TimeSpan? life = null) =>
            tokens.Create(new MailImageTicket(tenant, requestId, messageId, _origin.At(path), now + (life ?? TimeSpan.FromMinutes(5))));
        using var anonymous = server.CreateClient();

        async Task<HttpResponseMessage> GetAsync(string token, string? at = null) =>
            await anonymous.GetAsync($"/t/{at ?? slug}/mail-images/{token}", TestContext.Current.CancellationToken);

        using var good = await GetAsync(Token(tenantId, request, message, "/dot.png"));
        using var forged = await GetAsync("not-a-token");
        using var tampered = await GetAsync(Token(tenantId, request, message, "/dot.png")[..^4] + "AAAA");
        using var expired = await GetAsync(Token(tenantId, request, message, "/dot.png", TimeSpan.FromMinutes(-1)));
        using var crossed = await GetAsync(Token(tenantId, request, otherMessage, "/dot.png"));
        using var otherTenantsToken = await GetAsync(Token(otherTenant, otherRequest, otherMessage, "/dot.png"));
        using var elsewhere = await GetAsync(Token(tenantId, request, message, "/dot.png"), otherSlug);
        using var svg = await GetAsync(Token(tenantId, request, message, "/image.svg"));
        using var html = await GetAsync(Token(tenantId, request, message, "/page.html"));
        using var big = await GetAsync(Token(tenantId, request, message, "/big.png"));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.All([forged, tampered, expired, crossed, otherTenantsToken, elsewhere], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var unknown = await TenantApi.JsonAsync(expired, HttpStatusCode.NotFound);
        Assert.Equal("Image not found", unknown.GetProperty("title").GetString());
        Assert.Equal(["type", "type", "size"], await Task.WhenAll(new[] { svg, html, big }.Select(async r =>
            (await TenantApi.JsonAsync(r, HttpStatusCode.BadGateway)).GetProperty("reason").GetString()!)));
        Assert.Equal(4, _origin.Requests.Count);
    }

    [Fact]
    public async Task DownloadAttachmentsUnderSafeNamesWithinTheCallersScopeOnly()
    {
        var (slug, tenantId) = await TenantAsync();
        var (request, message, attachments) = await MailAsync(tenantId, null);
        var (otherRequest, otherMessage, _) = await MailAsync(tenantId, null);
        var oidc = new OidcDriver(server);
        var agentPerson = await oidc.CreatePersonAsync((slug, Data.Catalog.TenantRole.Agent));
        await server.TenantAsync(tenantId, async db =>
        {
            var branch = await RequestData.NewBranchAsync(db, "Elsewhere");
            await db.Requests.Where(r => r.Id == request).ExecuteUpdateAsync(s => s.SetProperty(r => r.CategoryId, branch));
            return 0;
        });
        using var admin = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        using var agent = await PageBrowser.SignInAsync(server, agentPerson, slug);
        var api = $"/t/{slug}/api/requests/{request}/messages/{message}/attachments";

        using var photo = await admin.GetAsync($"{api}/{attachments["photo.png"]}", TestContext.Current.CancellationToken);
        using var markup = await admin.GetAsync($"{api}/{attachments["<svg onload=alert(1)>.svg"]}", TestContext.Current.CancellationToken);
        using var fakePng = await admin.GetAsync($"{api}/{attachments["fake.png"]}", TestContext.Current.CancellationToken);
        using var outOfScope = await agent.GetAsync($"{api}/{attachments["photo.png"]}", TestContext.Current.CancellationToken);
        using var wrongMessage = await admin.GetAsync($"/t/{slug}/api/requests/{request}/messages/{otherMessage}/attachments/{attachments["photo.png"]}", TestContext.Current.CancellationToken);
        using var wrongRequest = await admin.GetAsync($"/t/{slug}/api/requests/{otherRequest}/messages/{message}/attachments/{attachments["photo.png"]}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal(("image/png", "attachment", "photo.png"), (photo.Content.Headers.ContentType?.MediaType, photo.Content.Headers.ContentDisposition?.DispositionType,
            photo.Content.Headers.ContentDisposition?.FileNameStar));
        Assert.Equal(ImageOrigin.Png, await photo.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("nosniff", photo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(("application/octet-stream", "attachment", "_svg onload=alert(1)_.svg"), (markup.Content.Headers.ContentType?.MediaType,
            markup.Content.Headers.ContentDisposition?.DispositionType, markup.Content.Headers.ContentDisposition?.FileNameStar));
        Assert.Equal("application/octet-stream", fakePng.Content.Headers.ContentType?.MediaType);
        Assert.Equal("default-src 'none'; sandbox", markup.Headers.GetValues("Content-Security-Policy").Single());
        Assert.All([outOfScope, wrongMessage, wrongRequest], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [Fact]
    public async Task DescribeTheAttachmentDownloadInTheOpenApiDocument()
    {
        using var client = server.CreateClient();
        var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;

        Assert.True(document.GetProperty("paths").GetProperty("/api/requests/{id}/messages/{messageId}/attachments/{attachmentId}").TryGetProperty("get", out _));
        Assert.DoesNotContain("/mail-images/{token}", document.GetProperty("paths").EnumerateObject().Select(p => p.Name));
    }

    private async Task<(string Slug, Guid TenantId)> TenantAsync()
    {
        var slug = await server.SignUpAsync();
        return (slug, await TenantApi.TenantIdAsync(server, slug));
    }

    /// <summary>A request with one received message of <paramref name="html"/> (no text part) and its attachments, by name.</summary>
    private async Task<(Guid Request, Guid Message, Dictionary<string, Guid> Attachments)> MailAsync(Guid tenantId, string? html)
    {
        var category = await server.TenantAsync(tenantId, db => db.Categories.Where(c => c.IsDefault).Select(c => c.Id).SingleAsync());
        var number = Random.Shared.Next(1000, 1_000_000);
        var request = RequestData.NewRequest(number, "Images", categoryId: category);
        var raw = RequestData.Raw(RequestData.Mime("Images"));
        var message = RequestData.Inbound(request, raw, 1);
        (message.Text, message.Html) = (html is null ? "Text only" : null, html);
        MessageAttachment Part(int position, string name, string type, byte[] content, string? contentId = null) => new()
        {
            MessageId = message.Id, Position = position, Name = name, ContentType = type, Content = content, Size = content.Length, ContentId = contentId,
            IsInline = contentId is not null, Sha256 = new string('a', 64),
        };
        var parts = new[]
        {
            Part(0, "logo.png", "image/png", ImageOrigin.Png, "logo@example.com"),
            Part(1, "photo.png", "image/png", ImageOrigin.Png),
            Part(2, "<svg onload=alert(1)>.svg", "image/svg+xml", System.Text.Encoding.UTF8.GetBytes(ImageOrigin.Svg)),
            Part(3, "fake.png", "image/png", System.Text.Encoding.UTF8.GetBytes(ImageOrigin.Svg)),
        };
        await RequestData.AddAsync(server, tenantId, [request, raw, message, .. parts]);
        return (request.Id, message.Id, parts.ToDictionary(p => p.Name!, p => p.Id));
    }

    private static string Frame(IDocument page) => page.QuerySelector("iframe[data-html]")!.GetAttribute("srcdoc")!;

    private static string Text(IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static async Task<IDocument> PageAsync(HttpClient browser, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await browser.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        return PageBrowser.Parse(body);
    }
}

public sealed class MailViewPagesOnSqlite(SqliteServerFixture server) : MailViewPagesShould<SqliteServerFixture>(server);

public sealed class MailViewPagesOnPostgres(PostgresServerFixture server) : MailViewPagesShould<PostgresServerFixture>(server);

public sealed class MailViewPagesOnSqlServer(SqlServerServerFixture server) : MailViewPagesShould<SqlServerServerFixture>(server.Required());

using System.Net;
using System.Net.Http.Json;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Shared;

/// <summary>Request bodies are bounded (Uploads:MaxRequestBytes, 10 MB by default): larger ones get a 413 problem document.</summary>
public abstract class RequestLimitsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private const int TooLarge = 10 * 1024 * 1024 + 1;

    [Fact]
    public async Task RefuseAnOversizedJsonBody()
    {
        var slug = await server.SignUpAsync();
        using var api = await TenantApi.ClientAsync(server, TenantApi.Administrator(slug));

        using var response = await api.PutAsJsonAsync($"/t/{slug}/api/tenant/settings/pdf", new { stylesheet = new string('x', TooLarge), outputDirectory = (string?)null });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RefuseAnOversizedStylesheetUploadOnThePage()
    {
        var slug = await server.SignUpAsync();
        using var browser = await PageBrowser.SignInAsync(server, TenantApi.Administrator(slug), slug);
        var page = await browser.GetStringAsync($"/t/{slug}/admin/tenant");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageBrowser.AntiForgery(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[TooLarge]), "stylesheetFile", "letter.css" },
        };

        using var response = await browser.PostAsync($"/t/{slug}/admin/tenant?handler=pdf", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

public sealed class RequestLimitsOnSqliteShould(SqliteServerFixture server) : RequestLimitsShould<SqliteServerFixture>(server);

public sealed class RequestLimitsOnPostgresShould(PostgresServerFixture server) : RequestLimitsShould<PostgresServerFixture>(server);

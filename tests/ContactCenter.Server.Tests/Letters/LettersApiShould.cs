using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Letters.Tests.Support;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Server.TenantSettings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Letters;

/// <summary>
/// One answer of a request as a PDF letter through the API: what a reader of the PDF sees (the answer, the address, the
/// category template's letterhead and footer), embedded subset fonts and a sound file; the recipient's address from the
/// contact, their company, or name and e-mail address, or as given; storing in the tenant's output directory; refusals.
/// </summary>
public abstract class LettersApiShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ExportTheLatestAnswerWithTheContactsAddressAndTheCategorysLetterhead()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        var request = await setup.RequestAsync(server, 41, (5, "<p>An older answer about the depot.</p>"), (9, "<p>Your parcel <b>arrives on Friday</b>.</p><ul><li>Tracking 4711</li></ul>"));

        using var response = await LetterSetup.PostLetterAsync(setup.Admin, request.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^letter-41-\d{4}-\d{2}-\d{2}\.pdf$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var (path, text) = await LetterSetup.PdfAsync(response.Content);
        Assert.Contains("Your parcel arrives on Friday.", text, StringComparison.Ordinal);
        Assert.Contains("Tracking 4711", text, StringComparison.Ordinal);
        Assert.DoesNotContain("older answer", text, StringComparison.Ordinal);
        foreach (var line in new[] { "Frau Erika Mustermann", "Lindenweg 12", "20095 Hamburg", "Deutschland", "Muster Versand GmbH", "Kundenservice 41", "Register HRB 4711", "Parcel 41", "#41" })
        {
            Assert.Contains(line, text, StringComparison.Ordinal);
        }

        var fonts = PdfTools.Fonts(path);
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.True(f.Embedded && f.Subset, $"{f.Name} is embedded and subset"));
        File.Delete(path);
    }

    [Fact]
    public async Task TakeTheCompanysAddressThenNameAndEmailAndTheLinesAndAnswerGiven()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        var companyId = await TenantApi.CreateAsync(setup.Admin, "api/companies", new { name = "Beispiel AG", addressLine1 = "Kaiserstraße 1", postalCode = "60311", city = "Frankfurt" });
        using (var moved = await setup.Admin.PutAsJsonAsync($"api/contacts/{setup.ContactId}", new { firstName = "Erika", lastName = "Mustermann", email = "erika@example.com", companyId }))
        {
            var contact = await TenantApi.JsonAsync(moved, HttpStatusCode.OK);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, contact.GetProperty("street").ValueKind);
        }

        var request = await setup.RequestAsync(server, 1, (5, "<p>First answer.</p>"), (9, "<p>Second answer.</p>"));
        var stranger = RequestData.NewRequest(2, "No contact", categoryId: setup.CategoryId, contactEmail: "max@example.org");
        var raw = RequestData.Raw(RequestData.Mime(stranger.Subject));
        var inbound = RequestData.Inbound(stranger, raw, 1);
        inbound.FromName = "Max Muster";
        await RequestData.AddAsync(server, setup.TenantId, stranger, raw, inbound, LetterSetup.Answer(stranger, 3, "<p>Hi Max.</p>"));
        var firstAnswer = await server.TenantAsync(setup.TenantId, db => db.RequestMessages.Where(m => m.RequestId == request.Id && m.Direction == MessageDirection.Out)
            .OrderBy(m => m.ReceivedAt).Select(m => m.Id).FirstAsync());

        using var company = await LetterSetup.PostLetterAsync(setup.Admin, request.Id);
        using var plain = await LetterSetup.PostLetterAsync(setup.Admin, stranger.Id);
        using var given = await LetterSetup.PostLetterAsync(setup.Admin, request.Id, new { answerId = firstAnswer, recipient = new[] { "Dr. Eva Beispiel", "", "  Postfach 12  ", "10115 Berlin" } });

        var companyText = (await LetterSetup.PdfAsync(company.Content)).Text;
        Assert.Contains("Beispiel AG", companyText, StringComparison.Ordinal);
        Assert.Contains("Kaiserstraße 1", companyText, StringComparison.Ordinal);
        Assert.Contains("60311 Frankfurt", companyText, StringComparison.Ordinal);
        Assert.Contains("Erika Mustermann", companyText, StringComparison.Ordinal);
        Assert.DoesNotContain("Lindenweg", companyText, StringComparison.Ordinal);
        var plainText = (await LetterSetup.PdfAsync(plain.Content)).Text;
        Assert.Contains("Max Muster", plainText, StringComparison.Ordinal);
        Assert.Contains("max@example.org", plainText, StringComparison.Ordinal);
        Assert.Contains("Hi Max.", plainText, StringComparison.Ordinal);
        var givenText = (await LetterSetup.PdfAsync(given.Content)).Text;
        Assert.Contains("First answer.", givenText, StringComparison.Ordinal);
        Assert.DoesNotContain("Second answer.", givenText, StringComparison.Ordinal);
        Assert.Contains("Dr. Eva Beispiel", givenText, StringComparison.Ordinal);
        Assert.Contains("Postfach 12", givenText, StringComparison.Ordinal);
        Assert.DoesNotContain("Kaiserstraße", givenText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreTheLetterAtomicallyInTheTenantsOutputDirectory()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        var directory = "letters-" + Guid.NewGuid().ToString("N")[..8];
        using (var saved = await setup.Admin.PutAsJsonAsync("api/tenant/settings/pdf", new { stylesheet = (string?)null, outputDirectory = directory }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var request = await setup.RequestAsync(server, 3, (5, "<p>Stored answer.</p>"));

        using var response = await LetterSetup.PostLetterAsync(setup.Admin, request.Id, store: true);

        var stored = await TenantApi.JsonAsync(response, HttpStatusCode.Created);
        var name = stored.GetProperty("fileName").GetString()!;
        Assert.Matches(@"^letter-3-\d{4}-\d{2}-\d{2}-\d{6}\.pdf$", name);
        var folder = server.Services.GetRequiredService<TenantSettingsValidator>().LetterOutputFor(setup.TenantId).ResolveTenantDirectory(directory);
        Assert.StartsWith(Path.Combine(server.Services.GetRequiredService<TenantSettingsValidator>().LetterOutputRoot, setup.TenantId.ToString("D")), folder, StringComparison.Ordinal);
        Assert.Equal([name], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Contains("Stored answer.", LetterSetup.PdfText(Path.Combine(folder, name)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeTheLetterRoutesInTheOpenApiDocument()
    {
        using var client = server.CreateClient();
        var paths = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");

        var export = paths.GetProperty("/api/requests/{id}/letters").GetProperty("post");
        Assert.Contains("store", export.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(export.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var responses = export.GetProperty("responses");
        Assert.True(responses.TryGetProperty("200", out var pdf) && pdf.TryGetProperty("content", out var types) && types.TryGetProperty("application/pdf", out _), responses.ToString());
        Assert.True(responses.TryGetProperty("201", out _), responses.ToString());
        Assert.True(paths.GetProperty("/api/letters/batches").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/letters/batches/{id}").TryGetProperty("get", out _));
        var zip = paths.GetProperty("/api/letters/batches/{id}/download").GetProperty("get").GetProperty("responses");
        Assert.True(zip.TryGetProperty("200", out var ok) && ok.TryGetProperty("content", out var zipTypes) && zipTypes.TryGetProperty("application/zip", out _), zip.ToString());
    }

    [Fact]
    public async Task RefuseWithoutAnswerPermissionOrScopeAndBadInput()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        var unanswered = await setup.RequestAsync(server, 1);
        var answered = await setup.RequestAsync(server, 2, (5, "<p>Answer.</p>"));
        using var agent = await setup.IntegrationAsync(server, "agent");
        using var supervisor = await setup.IntegrationAsync(server, "supervisor");
        using var other = await LetterSetup.CreateAsync(server, _tokens);

        using var noAnswer = await LetterSetup.PostLetterAsync(setup.Admin, unanswered.Id);
        var unknownAnswer = await TenantApi.FieldErrorsAsync(await LetterSetup.PostLetterAsync(setup.Admin, answered.Id, new { answerId = Guid.NewGuid() }));
        var inbound = await server.TenantAsync(setup.TenantId, db => db.RequestMessages.Where(m => m.RequestId == answered.Id && m.Direction == MessageDirection.In).Select(m => m.Id).SingleAsync());
        var notAnAnswer = await TenantApi.FieldErrorsAsync(await LetterSetup.PostLetterAsync(setup.Admin, answered.Id, new { answerId = inbound }));
        var tooLong = await TenantApi.FieldErrorsAsync(await LetterSetup.PostLetterAsync(setup.Admin, answered.Id, new { recipient = Enumerable.Range(1, 7).Select(i => $"Line {i}") }));
        var blank = await TenantApi.FieldErrorsAsync(await LetterSetup.PostLetterAsync(setup.Admin, answered.Id, new { recipient = new[] { " ", "" } }));
        using var forbidden = await LetterSetup.PostLetterAsync(agent, answered.Id);
        using var allowed = await LetterSetup.PostLetterAsync(supervisor, answered.Id);
        using var elsewhere = await LetterSetup.PostLetterAsync(other.Admin, answered.Id);
        using var missing = await LetterSetup.PostLetterAsync(setup.Admin, Guid.NewGuid());

        var problem = await TenantApi.JsonAsync(noAnswer, HttpStatusCode.Conflict);
        Assert.Equal("The request has no answer", problem.GetProperty("title").GetString());
        Assert.Contains("#1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["answerId"], unknownAnswer.Keys);
        Assert.Equal(["answerId"], notAnAnswer.Keys);
        Assert.Equal(["recipient"], tooLong.Keys);
        Assert.Equal(["recipient"], blank.Keys);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

public sealed class LettersApiOnSqlite(SqliteServerFixture server) : LettersApiShould<SqliteServerFixture>(server);

public sealed class LettersApiOnPostgres(PostgresServerFixture server) : LettersApiShould<PostgresServerFixture>(server);

public sealed class LettersApiOnSqlServer(SqlServerServerFixture server) : LettersApiShould<SqlServerServerFixture>(server.Required());

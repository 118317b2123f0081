using System.Net.Http.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;

namespace ContactCenter.Server.Tests.Letters;

/// <summary>A tenant ready for letters: a category whose default template has a letterhead and footer, a contact with a postal address (through the CRM API).</summary>
internal sealed record LetterSetup(string Slug, Guid TenantId, Guid CategoryId, Guid ContactId, HttpClient Admin) : IDisposable
{
    public const string Letterhead = "Muster Versand GmbH\nKundenservice {request.number}";
    public const string Footer = "Muster Versand GmbH\nHafenweg 5, Hamburg\n\nRegister HRB 4711\nIBAN DE02 1203";

    public static async Task<LetterSetup> CreateAsync(ServerFixture server, TenantTokens tokens)
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var categoryId = await server.TenantAsync(tenantId, db => RequestData.NewBranchAsync(db, "Letters"));
        await RequestData.AddAsync(server, tenantId,
            new AnswerTemplate { CategoryId = categoryId, Name = "Letter", Letterhead = Letterhead, Body = "Hello", Footer = Footer, IsDefault = true });
        var admin = await tokens.AdministratorAsync(slug);
        var contactId = await TenantApi.CreateAsync(admin, "api/contacts", new
        {
            salutation = "Frau", firstName = "Erika", lastName = "Mustermann", email = "erika@example.com",
            street = "Lindenweg 12", postalCode = "20095", city = "Hamburg", country = "Deutschland",
        });
        return new LetterSetup(slug, tenantId, categoryId, contactId, admin);
    }

    /// <summary>A request of the setup's category and contact with one received mail and the given answers (minutes after the start, HTML).</summary>
    public async Task<Request> RequestAsync(ServerFixture server, long number, params (int Minutes, string Html)[] answers)
    {
        var request = RequestData.NewRequest(number, $"Parcel {number}", categoryId: CategoryId, contactEmail: "erika@example.com");
        request.ContactId = ContactId;
        var raw = RequestData.Raw(RequestData.Mime(request.Subject));
        var entities = new List<object> { request, raw, RequestData.Inbound(request, raw, 1) };
        entities.AddRange(answers.Select(a => (object)Answer(request, a.Minutes, a.Html)));
        await RequestData.AddAsync(server, TenantId, [.. entities]);
        return request;
    }

    public static RequestMessage Answer(Request request, int minutes, string html) => new()
    {
        RequestId = request.Id,
        Direction = MessageDirection.Out,
        Kind = MessageKind.Customer,
        FromAddress = "support@tenant.example",
        To = """[{"name":"Erika","address":"erika@example.com"}]""",
        Subject = "Re: " + request.Subject,
        ReceivedAt = RequestData.Start.AddMinutes(minutes),
        Html = html,
        Delivery = DeliveryState.Sent,
    };

    /// <summary>The PDF written to a temporary file, checked by qpdf, and its text as pdftotext reads it.</summary>
    public static async Task<(string Path, string Text)> PdfAsync(HttpContent content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cc-letter-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await content.ReadAsByteArrayAsync());
        return (path, PdfText(path));
    }

    public static string PdfText(string path)
    {
        ContactCenter.Letters.Tests.Support.PdfTools.AssertValid(path);
        return ContactCenter.Letters.Tests.Support.PdfTools.Text(path);
    }

    /// <summary>A tenant API client acting with <paramref name="role"/>, addressing the tenant by its path.</summary>
    public async Task<HttpClient> IntegrationAsync(ServerFixture server, string role)
    {
        var client = await RequestData.ApiClientAsync(server, Admin, Slug, role);
        client.BaseAddress = new Uri($"http://localhost/t/{Slug}/");
        return client;
    }

    public static Task<HttpResponseMessage> PostLetterAsync(HttpClient client, Guid requestId, object? body = null, bool store = false) =>
        client.PostAsync($"api/requests/{requestId}/letters{(store ? "?store=true" : "")}", body is null ? null : JsonContent.Create(body));

    public void Dispose() => Admin.Dispose();
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// Requests, messages and quarantine rows written straight into a tenant database, as the mail ingest writes them, for
/// the tests of the read side; and quarantine entries made by the ingest itself, for the retry.
/// </summary>
internal static class RequestData
{
    /// <summary>A fixed instant the tests count from, so ordering by time is exact.</summary>
    public static readonly DateTime Start = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    public static Request NewRequest(long number, string subject, RequestStatus status = RequestStatus.Open, int updatedMinutes = 0, Guid? categoryId = null,
        string? contactEmail = null) => new()
    {
        Number = number,
        Token = RequestTokens.NewToken(),
        Subject = subject,
        Status = status,
        CategoryId = categoryId,
        ContactEmail = contactEmail ?? $"customer{number}@example.com",
        CreatedAt = Start,
        UpdatedAt = Start.AddMinutes(updatedMinutes),
    };

    /// <summary>A received message of <paramref name="request"/> with its original stored as <paramref name="raw"/>.</summary>
    public static RequestMessage Inbound(Request request, RawMail raw, int minutes, string? text = null, string? fromAddress = null) => new()
    {
        RequestId = request.Id,
        Direction = MessageDirection.In,
        MessageId = $"in-{Guid.NewGuid():N}@example.com",
        FromName = "Erika Mustermann",
        FromAddress = fromAddress ?? request.ContactEmail,
        To = """[{"name":"Support","address":"support@tenant.example"}]""",
        Subject = request.Subject,
        Date = Start.AddMinutes(minutes - 1),
        ReceivedAt = Start.AddMinutes(minutes),
        Text = text ?? "Hello, I have a question.",
        RawMailId = raw.Id,
    };

    public static RawMail Raw(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return new RawMail { Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Size = bytes.Length, Content = bytes, StoredAt = Start };
    }

    public static string Mime(string subject, string body = "Hello") =>
        $"From: Erika <erika@example.com>\r\nTo: support@tenant.example\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\n\r\n{body}\r\n";

    /// <summary>
    /// Receives <paramref name="mime"/> through the mail ingest as a fetched message of a made-up account, expecting it
    /// to land in quarantine; the entry's id.
    /// </summary>
    public static async Task<Guid> QuarantinedAsync(ServerFixture server, Guid tenantId, string mime)
    {
        var ingest = server.Services.GetRequiredService<MailIngest>();
        var source = new IngestSource(Guid.NewGuid(), "Test inbox", 1, "1", null);
        var result = await server.TenantAsync(tenantId, db => ingest.IngestAsync(db, tenantId, source, Encoding.UTF8.GetBytes(mime), CancellationToken.None));
        Assert.Equal(IngestOutcome.Quarantined, result.Outcome);
        return await server.TenantAsync(tenantId, db => db.Quarantine.Select(q => q.Id).SingleAsync());
    }

    /// <summary>Takes the default flag from every category, so that a mail no routing rule matches cannot be placed.</summary>
    public static Task<int> DropDefaultCategoryAsync(ServerFixture server, Guid tenantId) =>
        server.TenantAsync(tenantId, db => db.Categories.ExecuteUpdateAsync(c => c.SetProperty(x => x.IsDefault, false)));

    /// <summary>Makes one category the default again.</summary>
    public static Task<int> RestoreDefaultCategoryAsync(ServerFixture server, Guid tenantId) =>
        server.TenantAsync(tenantId, async db =>
        {
            var category = await db.Categories.OrderBy(c => c.Name).FirstAsync();
            category.IsDefault = true;
            return await db.SaveChangesAsync();
        });

    /// <summary>Adds the entities to the tenant's database in one save.</summary>
    /// <summary>A new branch of the org tree (system, supervisor and agent group) with one category; returns the category's id.</summary>
    public static async Task<Guid> NewBranchAsync(TenantDbContext db, string name)
    {
        var system = new SystemGroup { Name = name + " system" };
        var supervisors = new SupervisorGroup { SystemGroupId = system.Id, Name = name + " supervisors" };
        var agents = new AgentGroup { SupervisorGroupId = supervisors.Id, Name = name + " agents" };
        var category = new Category { AgentGroupId = agents.Id, Name = name };
        db.AddRange(system, supervisors, agents, category);
        await db.SaveChangesAsync();
        return category.Id;
    }

    /// <summary>
    /// The dev Postfix's submission port (STARTTLS) as an outbound server of the tenant, signed in as
    /// <paramref name="sender"/>, who also is its one sender address.
    /// </summary>
    public static OutboundSmtpServer DevPostfix(ServerFixture server, Guid tenantId, string sender) => new()
    {
        Name = "Postfix", Host = DevMailServices.Get("CC_MAIL_HOST"),
        Port = int.Parse(DevMailServices.Get("CC_MAIL_SUBMISSION_PORT"), System.Globalization.CultureInfo.InvariantCulture),
        TlsMode = MailTlsMode.StartTls, Authenticate = true, UserName = sender, SenderAddresses = sender,
        ProtectedSecret = MailSecrets.Protect(server.Services.GetRequiredService<IDataProtectionProvider>(), tenantId, sender.Split('@')[0] + "-secret"),
    };

    public static Task AddAsync(ServerFixture server, Guid tenantId, params object[] entities) =>
        server.TenantAsync(tenantId, async db =>
        {
            db.AddRange(entities);
            return await db.SaveChangesAsync();
        });

    /// <summary>A tenant API client (client credentials, scope <c>api</c>) acting with <paramref name="role"/>, created by the administrator.</summary>
    public static async Task<HttpClient> ApiClientAsync(ServerFixture server, HttpClient administrator, string slug, string role)
    {
        var clientId = $"{role[..3]}-{Guid.NewGuid():N}"[..20];
        using var created = await administrator.PostAsJsonAsync($"/t/{slug}/api/tenant/clients", new { clientId, name = "Integration", role });
        var secret = (await TenantApi.JsonAsync(created, HttpStatusCode.Created)).GetProperty("secret").GetString()!;
        var oidc = new OidcDriver(server);
        using var token = await oidc.TokenRequestAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "api" }, (clientId, secret));
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.StatusCode == HttpStatusCode.OK, body);
        return oidc.ApiClient(JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!);
    }

    /// <summary>The property names of a JSON object, in order.</summary>
    public static IReadOnlyList<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}

using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.ServiceLevels;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>The request actions: assign, recategorise, priority, notes, close and reopen, each in the history with who and when.</summary>
public abstract class RequestActionsShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task ChangeTheRequestAndWriteEachChangeToTheHistoryOnce()
    {
        var (slug, tenantId, request) = await NewRequestAsync();
        var (billing, agentGroup) = await server.TenantAsync(tenantId, async db =>
        {
            var general = await db.Categories.SingleAsync(c => c.IsDefault);
            var category = new Category { AgentGroupId = general.AgentGroupId, Name = "Billing" };
            db.Categories.Add(category);
            db.CategoryProfiles.Add(new CategoryProfile { Id = category.Id, ServiceLevelOverrideHours = 2 });
            await db.SaveChangesAsync();
            return (category.Id, general.AgentGroupId);
        });
        var agent = Guid.NewGuid();
        await RequestData.AddAsync(server, tenantId, new GroupAssignment { PersonId = agent, AgentGroupId = agentGroup });
        var adminId = await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{slug}.example").Select(u => u.Id).SingleAsync());
        using var admin = await _tokens.AdministratorAsync(slug);
        var url = $"api/requests/{request.Id}";

        var priority = await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"{url}/priority", new { priority = "Urgent" }), HttpStatusCode.OK);
        await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"{url}/priority", new { priority = "urgent" }), HttpStatusCode.OK);
        var category = await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"{url}/category", new { categoryId = billing }), HttpStatusCode.OK);
        await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"{url}/assign", new { personId = agent }), HttpStatusCode.OK);
        await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"{url}/assign", new { personId = adminId }), HttpStatusCode.OK);
        await TenantApi.JsonAsync(await admin.PostAsJsonAsync($"{url}/notes", new { text = "  Called the customer back.  " }), HttpStatusCode.OK);
        var closed = await TenantApi.JsonAsync(await admin.PostAsync($"{url}/close", null), HttpStatusCode.OK);
        await TenantApi.JsonAsync(await admin.PostAsync($"{url}/close", null), HttpStatusCode.OK);
        var reopened = await TenantApi.JsonAsync(await admin.PostAsync($"{url}/reopen", null), HttpStatusCode.OK);

        Assert.Equal("urgent", priority.GetProperty("priority").GetString());
        Assert.Equal(billing, category.GetProperty("categoryId").GetGuid());
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("open", reopened.GetProperty("status").GetString());
        var stored = await server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == request.Id));
        Assert.Equal((RequestPriority.Urgent, (Guid?)billing, (Guid?)adminId, RequestStatus.Open, (DateTime?)null),
            (stored.Priority, stored.CategoryId, stored.AssigneeId, stored.Status, stored.ClosedAt));
        Assert.Equal(await server.TenantAsync(tenantId, db => ServiceLevelClock.DueAtAsync(db, billing, stored.CreatedAt, CancellationToken.None)), stored.DueAt);
        var note = await server.TenantAsync(tenantId, db => db.RequestNotes.AsNoTracking().SingleAsync(n => n.RequestId == request.Id));
        Assert.Equal("Called the customer back.", note.Text);
        Assert.Contains(slug, note.Author, StringComparison.Ordinal);

        var detail = await TenantApi.JsonAsync(await admin.GetAsync(url), HttpStatusCode.OK);
        Assert.Equal(adminId, detail.GetProperty("assigneeId").GetGuid());
        var history = detail.GetProperty("history").EnumerateArray()
            .Select(h => (h.GetProperty("change").GetString(), h.GetProperty("field").GetString(), h.GetProperty("oldValue").GetString(), h.GetProperty("newValue").GetString()))
            .ToList();
        Assert.Equal(
            [
                ("priority", "priority", "normal", "urgent"),
                ("recategorised", "categoryId", null, billing.ToString("D")),
                ("assigned", "assigneeId", null, agent.ToString("D")),
                ("assigned", "assigneeId", agent.ToString("D"), adminId.ToString("D")),
                ("note", "noteId", null, note.Id.ToString("D")),
                ("closed", "status", "open", "closed"),
                ("reopened", "status", "closed", "open"),
            ],
            history);
        Assert.All(detail.GetProperty("history").EnumerateArray(), h => Assert.Equal(note.Author, h.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task RefuseWhatIsNotThereOrNotAllowedWithTheFieldsProblem()
    {
        var (slug, tenantId, request) = await NewRequestAsync();
        using var admin = await _tokens.AdministratorAsync(slug);
        var url = $"api/requests/{request.Id}";

        var priority = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync($"{url}/priority", new { priority = "soon" }));
        var category = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync($"{url}/category", new { categoryId = Guid.NewGuid() }));
        var noCategory = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync($"{url}/category", new { categoryId = (Guid?)null }));
        var stranger = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync($"{url}/assign", new { personId = Guid.NewGuid() }));
        var emptyNote = await TenantApi.FieldErrorsAsync(await admin.PostAsJsonAsync($"{url}/notes", new { text = "   " }));
        using var unknown = await admin.PostAsync($"api/requests/{Guid.NewGuid()}/close", null);

        Assert.Equal(["priority"], priority.Keys);
        Assert.Equal(["categoryId"], category.Keys);
        Assert.Equal(["categoryId"], noCategory.Keys);
        Assert.Equal(["personId"], stranger.Keys);
        Assert.Equal(["text"], emptyNote.Keys);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var stored = await server.TenantAsync(tenantId, db => db.Requests.AsNoTracking().SingleAsync(r => r.Id == request.Id));
        Assert.Equal((RequestPriority.Normal, (Guid?)null, (Guid?)null), (stored.Priority, stored.CategoryId, stored.AssigneeId));
        Assert.Equal(0, await server.TenantAsync(tenantId, db => db.RequestHistory.CountAsync(h => h.RequestId == request.Id)));
    }

    [Fact]
    public async Task RefuseCallersWithoutATokenOrForAnotherTenant()
    {
        var (_, _, request) = await NewRequestAsync();
        var (other, _, _) = await NewRequestAsync();
        using var anonymous = server.CreateClient();
        using var otherAdmin = await _tokens.AdministratorAsync(other);

        using var unauthenticated = await anonymous.PostAsync($"/t/{other}/api/requests/{request.Id}/close", null);
        using var elsewhere = await otherAdmin.PostAsync($"api/requests/{request.Id}/close", null);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    private async Task<(string Slug, Guid TenantId, Request Request)> NewRequestAsync()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantApi.TenantIdAsync(server, slug);
        var request = RequestData.NewRequest(1, "Where is my parcel?");
        await RequestData.AddAsync(server, tenantId, request);
        return (slug, tenantId, request);
    }
}

public sealed class RequestActionsOnSqlite(SqliteServerFixture server) : RequestActionsShould<SqliteServerFixture>(server);

public sealed class RequestActionsOnPostgres(PostgresServerFixture server) : RequestActionsShould<PostgresServerFixture>(server);

public sealed class RequestActionsOnSqlServer(SqlServerServerFixture server) : RequestActionsShould<SqlServerServerFixture>(server.Required());

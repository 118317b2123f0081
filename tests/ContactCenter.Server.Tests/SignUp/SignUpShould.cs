using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.SignUp;
using ContactCenter.Server.Tenancy.Provisioning;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.SignUp;

// A server of its own (Isolated…ServerFixture): this class compares the server's tenant databases before and after a sign-up.
public abstract class SignUpShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task CreateAnActiveTenantWithDefaultsAndAnAdministrator()
    {
        var slug = ServerFixture.NewSlug("acme");
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/t/{slug}/", response.Headers.Location?.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<SignUpResponse>();
        Assert.Equal(slug, body?.Slug);
        Assert.Equal("Active", body?.Status);

        var tenant = await server.CatalogAsync(c => c.Tenants.Include(t => t.Memberships).ThenInclude(m => m.User).SingleAsync(t => t.Slug == slug));
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.Equal($"Company {slug}", tenant.Name);
        Assert.Equal(ServerFixture.LatestTenantMigration, tenant.SchemaVersion);
        var membership = Assert.Single(tenant.Memberships);
        Assert.Equal(TenantRole.TenantAdministrator, membership.Role);
        Assert.Equal($"admin@{slug}.example", membership.User?.Email);
        Assert.True(await server.TenantDatabaseExistsAsync(tenant.DatabaseName));

        var defaults = await server.TenantAsync(tenant.Id, async db => new
        {
            SystemGroups = await db.SystemGroups.CountAsync(),
            SupervisorGroups = await db.SupervisorGroups.CountAsync(),
            AgentGroups = await db.AgentGroups.CountAsync(),
            DefaultCategory = await db.Categories.SingleAsync(c => c.IsDefault),
            Settings = await db.Settings.SingleAsync(),
        });
        Assert.Equal(1, defaults.SystemGroups);
        Assert.Equal(1, defaults.SupervisorGroups);
        Assert.Equal(1, defaults.AgentGroups);
        Assert.Equal(TenantDefaults.CategoryName, defaults.DefaultCategory.Name);
        Assert.Equal($"Company {slug}", defaults.Settings.Name);
    }

    [Theory]
    [InlineData("", "good-slug", "a@b.example", "Correct-Horse-9", "companyName")]
    [InlineData("   ", "good-slug", "a@b.example", "Correct-Horse-9", "companyName")]
    [InlineData("x", "Upper", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "ab", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "-leading", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "trailing-", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "under_score", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "www", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "api", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "signup", "a@b.example", "Correct-Horse-9", "slug")]
    [InlineData("x", "good-slug", "not-an-address", "Correct-Horse-9", "adminEmail")]
    [InlineData("x", "good-slug", "Anna <a@b.example>", "Correct-Horse-9", "adminEmail")]
    [InlineData("x", "good-slug", "a@localhost", "Correct-Horse-9", "adminEmail")]
    [InlineData("x", "good-slug", "a@b.example", "short", "adminPassword")]
    [InlineData("x", "good-slug", "a@b.example", "alllowercaseletters", "adminPassword")]
    public async Task RejectABadFieldWithAProblemNamingTheField(string company, string slug, string email, string password, string field)
    {
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", new SignUpRequest(company, slug, email, password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        Assert.False(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Slug == slug)));
    }

    [Fact]
    public async Task RejectAnOverlongCompanyName()
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(ServerFixture.NewSlug()) with { CompanyName = new string('x', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("companyName", out _));
    }

    [Fact]
    public async Task ReportEveryBadFieldAtOnce()
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/signup", new SignUpRequest(null, "x", "y", "z"));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["adminEmail", "adminPassword", "companyName", "slug"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task AnswerConflictWhenTheSlugIsTaken()
    {
        var slug = await server.SignUpAsync();
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug) with { AdminEmail = "other@example.org" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(ProvisioningStep.RegisterTenant)]
    [InlineData(ProvisioningStep.CreateDatabase)]
    [InlineData(ProvisioningStep.MigrateDatabase)]
    [InlineData(ProvisioningStep.SeedDefaults)]
    [InlineData(ProvisioningStep.CreateAdministrator)]
    [InlineData(ProvisioningStep.AssignAdministrator)]
    [InlineData(ProvisioningStep.Activate)]
    public async Task LeaveNothingBehindWhenAStepFails(ProvisioningStep step)
    {
        var slug = ServerFixture.NewSlug("fail");
        var request = ServerFixture.NewSignUp(slug);
        server.Faults.FailAt(slug, step);
        var databasesBefore = await server.TenantDatabasesAsync();
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlationId").GetString()));
        Assert.False(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => t.Slug == slug)));
        Assert.False(await server.CatalogAsync(c => c.Users.AnyAsync(u => u.Email == request.AdminEmail)));
        Assert.Equal(databasesBefore, await server.TenantDatabasesAsync());

        // Nothing blocks a second attempt once the cause is gone.
        server.Faults.FailAt(slug, (ProvisioningStep)(-1));
        using var retry = await client.PostAsJsonAsync("/api/signup", request);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
    }

    [Fact]
    public async Task CreateTwentyTenantsSignedUpAtOnce()
    {
        var slugs = Enumerable.Range(0, 20).Select(_ => ServerFixture.NewSlug("many")).ToList();
        using var client = server.CreateClient();

        var responses = await Task.WhenAll(slugs.Select(slug => client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var active = await server.CatalogAsync(c => c.Tenants.Where(t => slugs.Contains(t.Slug) && t.Status == TenantStatus.Active).CountAsync());
        Assert.Equal(20, active);
    }

    [Fact]
    public async Task LetExactlyOneOfTenRacingSignUpsForOneSlugWin()
    {
        var slug = ServerFixture.NewSlug("race");
        var databasesBefore = await server.TenantDatabasesAsync();
        using var client = server.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug) with { AdminEmail = $"admin{i}@{slug}.example" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var tenant = await server.CatalogAsync(c => c.Tenants.Include(t => t.Memberships).SingleAsync(t => t.Slug == slug));
        Assert.Single(tenant.Memberships);
        Assert.Equal(databasesBefore.Append(tenant.DatabaseName).Order(StringComparer.Ordinal), (await server.TenantDatabasesAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(1, await server.CatalogAsync(c => c.Users.CountAsync(u => u.Email!.EndsWith($"@{slug}.example"))));
    }

    [Fact]
    public async Task AddANewTenantToAnExistingAccountWhenThePasswordMatches()
    {
        var first = await server.SignUpAsync();
        var second = ServerFixture.NewSlug("second");
        using var client = server.CreateClient();
        var existing = ServerFixture.NewSignUp(first);

        using var wrongPassword = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(second) with { AdminEmail = existing.AdminEmail, AdminPassword = "Wrong-Horse-99" });
        using var rightPassword = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(second) with { AdminEmail = existing.AdminEmail });

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Created, rightPassword.StatusCode);
        var tenants = await server.CatalogAsync(c => c.TenantMemberships.Where(m => m.User!.Email == existing.AdminEmail).Select(m => m.Tenant!.Slug).ToListAsync());
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), tenants.Order(StringComparer.Ordinal));
    }
}

public sealed class SignUpOnSqliteShould(IsolatedSqliteServerFixture server) : SignUpShould<IsolatedSqliteServerFixture>(server);

public sealed class SignUpOnPostgresShould(IsolatedPostgresServerFixture server) : SignUpShould<IsolatedPostgresServerFixture>(server);

public sealed class SignUpOnSqlServerShould(IsolatedSqlServerServerFixture server) : SignUpShould<IsolatedSqlServerServerFixture>(server.Required());

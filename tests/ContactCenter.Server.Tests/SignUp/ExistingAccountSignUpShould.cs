using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.SignUp;

/// <summary>
/// A sign-up with the address of an existing account needs that account's password: a wrong one creates nothing and
/// counts towards the lockout like any sign-in; the right one adds the tenant and leaves the password as it was.
/// </summary>
public abstract class ExistingAccountSignUpShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly OidcDriver _oidc = new(server);

    [Fact]
    public async Task CreateNothingForAWrongPasswordAndLockTheAccountOutAfterFiveFailures()
    {
        var person = await _oidc.CreatePersonAsync();
        using var client = server.CreateClient();
        var slugs = new List<string>();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var slug = ServerFixture.NewSlug("wrong");
            slugs.Add(slug);
            using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug) with { AdminEmail = person.Email, AdminPassword = "Wrong-Horse-99" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.Equal(["adminPassword"], errors.EnumerateObject().Select(p => p.Name));
            if (attempt < 5)
            {
                Assert.Equal(attempt, await server.CatalogAsync(c => c.Users.Where(u => u.Id == person.Id).Select(u => u.AccessFailedCount).SingleAsync()));
            }
        }

        // Locked out now: even the right password is refused for a while.
        var lockedSlug = ServerFixture.NewSlug("locked");
        slugs.Add(lockedSlug);
        using var locked = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(lockedSlug) with { AdminEmail = person.Email, AdminPassword = person.Password });

        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("locked", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("adminPassword")[0].GetString(), StringComparison.Ordinal);
        Assert.True(await WithUsersAsync(async users => await users.IsLockedOutAsync((await users.FindByIdAsync(person.Id.ToString()))!)));
        Assert.False(await server.CatalogAsync(c => c.Tenants.AnyAsync(t => slugs.Contains(t.Slug))));
        Assert.False(await server.CatalogAsync(c => c.TenantMemberships.AnyAsync(m => m.UserId == person.Id)));
    }

    [Fact]
    public async Task AddTheTenantWithTheRightPasswordAndKeepThePassword()
    {
        var person = await _oidc.CreatePersonAsync();
        var hashBefore = await server.CatalogAsync(c => c.Users.Where(u => u.Id == person.Id).Select(u => u.PasswordHash).SingleAsync());
        var slug = ServerFixture.NewSlug("joined");
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/signup", ServerFixture.NewSignUp(slug) with { AdminEmail = person.Email, AdminPassword = person.Password });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var membership = await server.CatalogAsync(c => c.TenantMemberships.SingleAsync(m => m.UserId == person.Id && m.Tenant!.Slug == slug));
        Assert.Equal(TenantRole.TenantAdministrator, membership.Role);
        Assert.Equal(hashBefore, await server.CatalogAsync(c => c.Users.Where(u => u.Id == person.Id).Select(u => u.PasswordHash).SingleAsync()));
        Assert.Equal(1, await server.CatalogAsync(c => c.Users.CountAsync(u => u.Email == person.Email)));
    }

    private async Task<T> WithUsersAsync<T>(Func<UserManager<PlatformUser>, Task<T>> work)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>());
    }
}

public sealed class ExistingAccountSignUpOnSqliteShould(SqliteServerFixture server) : ExistingAccountSignUpShould<SqliteServerFixture>(server);

public sealed class ExistingAccountSignUpOnPostgresShould(PostgresServerFixture server) : ExistingAccountSignUpShould<PostgresServerFixture>(server);

public sealed class ExistingAccountSignUpOnSqlServerShould(SqlServerServerFixture server) : ExistingAccountSignUpShould<SqlServerServerFixture>(server.Required());

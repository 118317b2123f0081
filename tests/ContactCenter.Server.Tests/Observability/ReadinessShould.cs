using System.Net;
using System.Text.Json;
using ContactCenter.Data;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Server.Tests.Observability;

/// <summary>
/// <c>/health/ready</c> names each dependency with its status and duration, and a tenant whose database is gone turns it
/// unhealthy by name without giving away how the databases are reached. A server of its own: the broken tenant stays.
/// </summary>
public abstract class ReadinessShould<TFixture>(TFixture server) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    [Fact]
    public async Task NameEachDependencyAndTheTenantWhoseDatabaseIsGone()
    {
        var first = await server.SignUpAsync();
        var second = await server.SignUpAsync();

        var (status, ready) = await ReadyAsync(server);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.True(ready.GetProperty("totalDurationMs").GetDouble() >= 0);
        var checks = ready.GetProperty("checks");
        Assert.Equal(["catalog", "jobs", "tenants"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        foreach (var check in checks.EnumerateObject())
        {
            Assert.Equal("Healthy", check.Value.GetProperty("status").GetString());
            Assert.True(check.Value.GetProperty("durationMs").GetDouble() >= 0);
            Assert.False(string.IsNullOrEmpty(check.Value.GetProperty("description").GetString()));
        }

        // Every active tenant is checked over a few answers (three a time, going round).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            var (_, again) = await ReadyAsync(server);
            seen.UnionWith(again.GetProperty("checks").GetProperty("tenants").GetProperty("data").GetProperty("checked").EnumerateArray().Select(s => s.GetString()!));
        }

        Assert.Contains(first, seen);
        Assert.Contains(second, seen);

        var gone = await server.CatalogAsync(c => c.Tenants.AsNoTracking().SingleAsync(t => t.Slug == second));
        await server.Services.GetRequiredService<ITenantDatabases>().DropAsync(TenantRecord.From(gone), CancellationToken.None);

        var (failedStatus, failed) = await Poll.UntilAsync(() => ReadyAsync(server), r => r.Status == HttpStatusCode.ServiceUnavailable,
            $"the tenant {second} without a database to be checked");
        Assert.Equal("Unhealthy", failed.GetProperty("status").GetString());
        var tenants = failed.GetProperty("checks").GetProperty("tenants");
        Assert.Equal("Unhealthy", tenants.GetProperty("status").GetString());
        Assert.Contains(second, tenants.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(tenants.GetProperty("data").GetProperty("failed").TryGetProperty(second, out _));
        Assert.False(tenants.GetProperty("data").GetProperty("failed").TryGetProperty(first, out _));
        Assert.Equal("Healthy", failed.GetProperty("checks").GetProperty("catalog").GetProperty("status").GetString());
        AssertNothingSecret(failed.GetRawText());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failedStatus);
    }

    private void AssertNothingSecret(string body)
    {
        foreach (var secret in new[] { "Password", "Host=", "Data Source", "Username", server.DataDirectory })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }

        if (server.Provider == DatabaseProvider.Postgres && new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString).Password is { Length: > 0 } password)
        {
            Assert.DoesNotContain(password, body, StringComparison.Ordinal);
        }
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}

public sealed class ReadinessOnSqliteShould(IsolatedSqliteServerFixture server) : ReadinessShould<IsolatedSqliteServerFixture>(server);

public sealed class ReadinessOnPostgresShould(IsolatedPostgresServerFixture server) : ReadinessShould<IsolatedPostgresServerFixture>(server)
{
    /// <summary>A tenant database that does not answer (a lock held on what the check reads) is unhealthy once the check's time is up.</summary>
    [Fact]
    public async Task AnswerUnhealthyWhenATenantDatabaseHangs()
    {
        var slug = await Server.SignUpAsync();
        await using var quick = Server.WithWebHostBuilder(builder => builder.UseSetting("Health:Timeout", "00:00:01").UseSetting("Health:TenantSample", "100"));
        var tenant = await Server.CatalogAsync(c => c.Tenants.AsNoTracking().SingleAsync(t => t.Slug == slug));
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = tenant.DatabaseName, Pooling = false }.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockSettings = new NpgsqlCommand("LOCK TABLE \"Settings\" IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockSettings.ExecuteNonQueryAsync();
        }

        var (status, ready) = await ReadyAsync(quick);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var tenants = ready.GetProperty("checks").GetProperty("tenants");
        Assert.Equal("Unhealthy", tenants.GetProperty("status").GetString());
        Assert.Contains("timed out", tenants.GetProperty("description").GetString(), StringComparison.Ordinal);
        await transaction.RollbackAsync();
    }

    private IsolatedPostgresServerFixture Server { get; } = server;
}

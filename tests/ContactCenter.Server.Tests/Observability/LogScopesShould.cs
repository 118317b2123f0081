using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Server.Tests.Observability;

/// <summary>What is logged while a tenant request is handled carries the tenant and the id its problem document shows.</summary>
public abstract class LogScopesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    [Fact]
    public async Task CarryTheTenantAndTheCorrelationIdOnEveryLineOfATenantRequest()
    {
        var slug = await server.SignUpAsync();
        var tenantId = await TenantClients.TenantIdAsync(server, slug);
        using var administrator = await TenantClients.AdministratorAsync(server, slug);

        // A host of the same databases that records routing's lines (logged inside the pipeline, at Information).
        var routing = new LogRecorder("Microsoft.AspNetCore.Routing");
        await using var host = server.WithWebHostBuilder(builder => builder
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Routing", "Information")
            .UseSetting("Jobs:Enabled", "false")
            .ConfigureServices(services => services.AddSingleton<ILoggerProvider>(routing)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", administrator.DefaultRequestHeaders.Authorization!.Parameter);

        using var response = await client.GetAsync($"/t/{slug}/api/categories/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var correlationId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("correlationId").GetString();
        Assert.False(string.IsNullOrEmpty(correlationId));

        var lines = routing.Lines.Where(l => Equals(l.Scope.GetValueOrDefault("CorrelationId"), correlationId)).ToList();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Message.StartsWith("Executing endpoint", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Equal((slug, tenantId), (l.Scope["TenantSlug"], l.Scope["TenantId"])));
    }
}

public sealed class LogScopesOnSqliteShould(SqliteServerFixture server) : LogScopesShould<SqliteServerFixture>(server);

public sealed class LogScopesOnPostgresShould(PostgresServerFixture server) : LogScopesShould<PostgresServerFixture>(server);

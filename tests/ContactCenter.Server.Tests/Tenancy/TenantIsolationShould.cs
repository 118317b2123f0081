using System.Net;
using System.Text;
using ContactCenter.Server.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContactCenter.Server.Tests.Tenancy;

/// <summary>
/// Every API the server maps, called for one tenant with another tenant's administrator token: each is refused and the
/// tenant's data stays as it was. Enumerated from the routing table, so an API added later is covered without a new test.
/// </summary>
public abstract class TenantIsolationShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task RefuseEveryApiToAnotherTenantsToken()
    {
        var (victim, intruder) = (await server.SignUpAsync(), await server.SignUpAsync());
        using var foreign = await _tokens.AdministratorAsync(intruder);
        foreign.BaseAddress = new Uri($"http://localhost/t/{victim}/");
        var victimId = await server.CatalogAsync(c => c.Tenants.Where(t => t.Slug == victim).Select(t => t.Id).SingleAsync());
        var auditBefore = await server.TenantAsync(victimId, db => db.AuditEntries.CountAsync());
        var calls = ApiCalls().ToList();
        Assert.True(calls.Count > 50, $"only {calls.Count} API calls found: is the routing table read correctly?");

        var answered = new List<string>();
        foreach (var (method, path) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await foreign.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                answered.Add($"{method} {path} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(answered);
        Assert.Equal(auditBefore, await server.TenantAsync(victimId, db => db.AuditEntries.CountAsync()));
    }

    /// <summary>Each method of each API route that needs a caller, with its route values filled in.</summary>
    private IEnumerable<(string Method, string Path)> ApiCalls()
    {
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.RawText is not { } raw || !raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }

            var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => Guid.NewGuid().ToString(),
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "x",
                _ => "",
            }))));
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return (method, path);
            }
        }
    }
}

public sealed class TenantIsolationOnSqlite(SqliteServerFixture server) : TenantIsolationShould<SqliteServerFixture>(server);

public sealed class TenantIsolationOnPostgres(PostgresServerFixture server) : TenantIsolationShould<PostgresServerFixture>(server);

public sealed class TenantIsolationOnSqlServer(SqlServerServerFixture server) : TenantIsolationShould<SqlServerServerFixture>(server.Required());

using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity.ApiClients;

/// <summary>What a tenant administrator asks for: an API client acting with one role of the tenant.</summary>
public sealed record NewApiClient(string? ClientId, string? Name, string? Role);

/// <summary>A tenant's API client as listed (never its secret).</summary>
public sealed record ApiClientItem(string ClientId, string? Name, string Role, DateTime CreatedAt);

/// <summary>The client just created, with its secret: shown this once, stored only as a salted hash.</summary>
public sealed record CreatedApiClient(string ClientId, string? Name, string Role, string Secret);

/// <summary>
/// <c>/api/tenant/clients</c>: tenant administrators create API clients for integrations. Each gets a generated secret
/// and client credentials for the scope <c>api</c>; its tokens act in this tenant with the chosen role and nothing else.
/// </summary>
public static class ApiClientsEndpoints
{
    public static IEndpointRouteBuilder MapApiClients(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/api/tenant/clients").RequireTenant().RequireAuthorization(TenantRoles.Administrator).WithTags("API clients");
        clients.MapGet("/", async (TenantContext tenant, ClientRegistry registry, CancellationToken ct) => TypedResults.Ok(await ListAsync(registry, tenant, ct)));
        clients.MapPost("/", CreateAsync);
        clients.MapDelete("/{clientId}", RemoveAsync);
        return app;
    }

    public static async Task<IReadOnlyList<ApiClientItem>> ListAsync(ClientRegistry registry, TenantContext tenant, CancellationToken cancellationToken) =>
        (await registry.ListAsync(cancellationToken, tenant.Required.Id))
            .Select(c => new ApiClientItem(c.ClientId, c.DisplayName, c.Role ?? Provider.ProviderClaims.AgentRole, c.CreatedAt)).ToList();

    public static async Task<Results<Created<CreatedApiClient>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewApiClient request, TenantContext tenant, ClientRegistry registry, IStringLocalizer<ApiClientsTexts> texts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [texts["RoleRequired"].Value] });
        }

        try
        {
            var registered = await registry.AddAsync(new NewClient(
                request.ClientId, null, GenerateSecret: true, RedirectUris: [], PostLogoutRedirectUris: [], GrantTypes: ["client_credentials"],
                Scopes: [TenantAccess.ApiScope], Tenant: tenant.Required.Slug, DisplayName: request.Name, Role: request.Role), cancellationToken);
            var client = registered.Client;
            return TypedResults.Created($"/api/tenant/clients/{Uri.EscapeDataString(client.ClientId)}",
                new CreatedApiClient(client.ClientId, client.DisplayName, client.Role!, registered.GeneratedSecret!));
        }
        catch (InvalidClientException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors);
        }
        catch (InvalidOperationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: texts["ClientExistsTitle"], detail: texts["ClientExistsDetail", request.ClientId?.Trim() ?? ""]);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string clientId, TenantContext tenant, ClientRegistry registry, IStringLocalizer<ApiClientsTexts> texts, CancellationToken cancellationToken) =>
        await registry.RemoveAsync(clientId, cancellationToken, tenant.Required.Id)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: texts["UnknownClientTitle"], detail: texts["UnknownClientDetail", clientId]);
}

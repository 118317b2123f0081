using ContactCenter.Server.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity;

/// <summary>Platform operators manage the provider's clients: <c>/api/platform/clients</c> and the <c>clients</c> command.</summary>
public static class ClientsFeature
{
    public static IEndpointRouteBuilder MapClients(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/api/platform/clients").RequireAuthorization(PlatformFeature.OperatorPolicy);
        clients.MapGet("/", async (ClientRegistry registry, CancellationToken ct) => TypedResults.Ok(await registry.ListAsync(ct)));
        clients.MapPost("/", AddAsync);
        clients.MapDelete("/{clientId}", async Task<Results<NoContent, ProblemHttpResult>> (string clientId, ClientRegistry registry, IStringLocalizer<IdentityTexts> texts, CancellationToken ct) =>
            await registry.RemoveAsync(clientId, ct)
                ? TypedResults.NoContent()
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: texts["UnknownClientTitle"], detail: texts["UnknownClientDetail", clientId]));
        return app;
    }

    private static async Task<Results<Created<RegisteredClient>, ValidationProblem, ProblemHttpResult>> AddAsync(
        NewClient request, ClientRegistry registry, IStringLocalizer<IdentityTexts> texts, CancellationToken cancellationToken)
    {
        try
        {
            var registered = await registry.AddAsync(request, cancellationToken);
            return TypedResults.Created($"/api/platform/clients/{Uri.EscapeDataString(registered.Client.ClientId)}", registered);
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

    /// <summary>
    /// <c>clients add --client-id &lt;id&gt; [--secret &lt;s&gt; | --generate-secret] [--redirect-uri &lt;uri&gt;]…
    /// [--post-logout-redirect-uri &lt;uri&gt;]… [--grant &lt;type&gt;]… [--scope &lt;s&gt;]… [--tenant &lt;slug&gt; [--role &lt;role&gt;]] [--first-party]</c>,
    /// <c>clients list</c>, <c>clients remove --client-id &lt;id&gt;</c>.
    /// </summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        switch (args.ElementAtOrDefault(0))
        {
            case "list":
                var clients = await registry.ListAsync(cancellationToken);
                foreach (var c in clients)
                {
                    output.WriteLine($"{c.ClientId,-30} {(c.IsPublic ? "public" : "confidential"),-13} grants: {string.Join(",", c.GrantTypes)}; " +
                        $"scopes: {string.Join(" ", c.Scopes)}; redirect URIs: {string.Join(" ", c.RedirectUris)}" + (c.Tenant is null ? "" : $"; tenant: {c.Tenant}") + (c.Role is null ? "" : $"; role: {c.Role}") + (c.IsFirstParty ? "; first-party" : ""));
                }

                output.WriteLine($"{clients.Count} client(s)");
                return 0;
            case "add":
                try
                {
                    var registered = await registry.AddAsync(new NewClient(
                        Option(args, "--client-id"), Option(args, "--secret"), args.Contains("--generate-secret"),
                        Options(args, "--redirect-uri"), Options(args, "--post-logout-redirect-uri"), Options(args, "--grant"),
                        Options(args, "--scope"), Option(args, "--tenant"), Option(args, "--name"), Option(args, "--role"), args.Contains("--first-party")), cancellationToken);
                    output.WriteLine($"{registered.Client.ClientId}: registered ({(registered.Client.IsPublic ? "public, PKCE required" : "confidential")})");
                    if (registered.GeneratedSecret is not null)
                    {
                        output.WriteLine($"secret (shown once): {registered.GeneratedSecret}");
                    }

                    return 0;
                }
                catch (InvalidClientException invalid)
                {
                    foreach (var (field, messages) in invalid.Errors)
                    {
                        error.WriteLine($"{field}: {string.Join(" ", messages)}");
                    }

                    return 1;
                }
                catch (InvalidOperationException taken)
                {
                    error.WriteLine(taken.Message);
                    return 1;
                }

            case "remove" when Option(args, "--client-id") is { } clientId:
                if (await registry.RemoveAsync(clientId, cancellationToken))
                {
                    output.WriteLine($"{clientId}: removed, its tokens revoked");
                    return 0;
                }

                error.WriteLine($"There is no client '{clientId}'.");
                return 1;
            default:
                error.WriteLine("usage: clients list | clients add --client-id <id> [--secret <s> | --generate-secret] [--redirect-uri <uri>]... " +
                    "[--post-logout-redirect-uri <uri>]... [--grant authorization_code|refresh_token|client_credentials]... [--scope <s>]... [--tenant <slug> [--role agent|supervisor|tenant_administrator|<custom role>]] [--name <text>] [--first-party] " +
                    "| clients remove --client-id <id>");
                return 2;
        }
    }

    private static string? Option(string[] args, string name) => Options(args, name).FirstOrDefault();

    private static List<string> Options(string[] args, string name)
    {
        var values = new List<string>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name)
            {
                values.Add(args[i + 1]);
            }
        }

        return values;
    }
}

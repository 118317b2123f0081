using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Platform;

/// <summary>Platform operators: tenant list, suspend, resume, delete, migrate (API and CLI).</summary>
public static class PlatformFeature
{
    public const string OperatorPolicy = "PlatformOperator";

    public static IHostApplicationBuilder AddPlatform(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, policy => policy.RequireAssertion(context => Identity.TenantAccess.IsPlatformOperator(context.User)));
        builder.Services.AddScoped<TenantOperations>();
        builder.Services.AddScoped<PlatformOperators>();
        builder.Services.AddSingleton<TenantMigrator>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/api/platform/tenants").RequireAuthorization(OperatorPolicy);
        tenants.MapGet("/", async (TenantOperations operations, CancellationToken ct) => TypedResults.Ok(await operations.ListAsync(ct)));
        tenants.MapPost("/{slug}/suspend", (string slug, TenantOperations operations, CancellationToken ct) =>
            ChangeAsync(() => operations.SuspendAsync(slug, ct)));
        tenants.MapPost("/{slug}/resume", (string slug, TenantOperations operations, CancellationToken ct) =>
            ChangeAsync(() => operations.ResumeAsync(slug, ct)));
        tenants.MapDelete("/{slug}", DeleteAsync);
        return app;
    }

    private static async Task<Results<Ok<TenantSummary>, ProblemHttpResult>> ChangeAsync(Func<Task<TenantSummary>> change)
    {
        try
        {
            return TypedResults.Ok(await change());
        }
        catch (TenantNotFoundException notFound)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown tenant", detail: notFound.Message);
        }
        catch (InvalidOperationException conflict)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: conflict.Message);
        }
    }

    /// <summary><c>DELETE /api/platform/tenants/{slug}?confirm={slug}</c>: the slug repeated confirms dropping the database.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string slug, string? confirm, TenantOperations operations, CancellationToken cancellationToken)
    {
        try
        {
            await operations.DeleteAsync(slug, confirm, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (DeletionNotConfirmedException notConfirmed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Deletion not confirmed", detail: notConfirmed.Message);
        }
        catch (TenantNotFoundException notFound)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown tenant", detail: notFound.Message);
        }
    }
}

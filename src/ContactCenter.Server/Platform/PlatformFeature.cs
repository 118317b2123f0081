using ContactCenter.Data.Catalog;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

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
        builder.Services.AddSingleton<TenantMover>();
        builder.Services.AddScoped<TenantBackups>();
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
            return UnknownTenant(notFound);
        }
        catch (TenantStatusConflictException conflict)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Texts["NotPossibleNowTitle"],
                detail: Texts["StatusConflictDetail", conflict.Slug, StatusName(conflict.Status), StatusName(conflict.From), StatusName(conflict.To)]);
        }
    }

    private static readonly IStringLocalizer Texts = Localization.Texts<PlatformTexts>();

    private static ProblemHttpResult UnknownTenant(TenantNotFoundException notFound) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: Texts["UnknownTenantTitle"], detail: Texts["UnknownTenantDetail", notFound.Tenant]);

    private static string StatusName(TenantStatus status) => Texts["Status" + status];

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
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: Texts["DeletionNotConfirmedTitle"],
                detail: Texts["DeletionNotConfirmedDetail", notConfirmed.Slug]);
        }
        catch (TenantNotFoundException notFound)
        {
            return UnknownTenant(notFound);
        }
    }
}

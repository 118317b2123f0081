using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactCenter.Server.Assets;

/// <summary>
/// Own attachments (<c>/api/assets/own</c>): files a person uploads for their own answers, checked against the same
/// allowlist as prepared attachments. Only people whose roles carry <see cref="Permission.UploadOwnAttachments"/>
/// reach these endpoints; each sees only their own files, and they never show among the tenant's prepared ones.
/// </summary>
public static class OwnAttachmentsEndpoints
{
    public static IEndpointRouteBuilder MapOwnAttachments(this IEndpointRouteBuilder app)
    {
        var own = app.MapGroup("/api/assets/own").RequireTenant().WithTags("Assets").RequirePermission(Permission.UploadOwnAttachments);
        own.MapGet("/", ListAsync);
        own.MapGet("/{id:guid}", DownloadAsync);
        // Minimal APIs' own form check is off: bearer calls need no token, cookie calls are checked by CookieApiAntiforgery.
        own.MapPost("/", UploadAsync).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute((AttachmentType.MaxSizeLimitMegabytes + 1) * 1024L * 1024L));
        own.MapDelete("/{id:guid}", DeleteAsync);
        return app;
    }

    private static async Task<Results<Ok<List<PreparedAttachmentItem>>, ProblemHttpResult>> ListAsync(
        HttpContext http, TenantDbContext db, CancellationToken cancellationToken) =>
        TenantPermissions.PersonIdOf(http.User) is { } person ? await AssetsEndpoints.ListAsync(db, person, cancellationToken) : NoPerson();

    private static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> DownloadAsync(
        Guid id, HttpContext http, TenantDbContext db, CancellationToken cancellationToken) =>
        TenantPermissions.PersonIdOf(http.User) is { } person ? (await AssetsEndpoints.DownloadOneAsync(db, id, person, cancellationToken)).Result switch
        {
            FileContentHttpResult file => file,
            _ => TypedResults.NotFound(),
        } : NoPerson();

    private static async Task<Results<Created<PreparedAttachmentItem>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        IFormFile? file, HttpContext http, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        TenantPermissions.PersonIdOf(http.User) is { } person ? await AssetsEndpoints.StoreAsync(file, person, db, clock, cancellationToken) : NoPerson();

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpContext http, TenantDbContext db, CancellationToken cancellationToken) =>
        TenantPermissions.PersonIdOf(http.User) is { } person ? (await AssetsEndpoints.DeleteOneAsync(db, id, person, cancellationToken)).Result switch
        {
            NoContent done => done,
            _ => TypedResults.NotFound(),
        } : NoPerson();

    // Integrations act for the tenant, not for a person, so they have no own attachments.
    private static ProblemHttpResult NoPerson()
    {
        var texts = Localization.Texts<AssetsTexts>();
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: texts["NoPersonTitle"], detail: texts["NoPerson"]);
    }
}

using System.Text.RegularExpressions;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Assets;

/// <summary>One allowed attachment type.</summary>
public sealed record AttachmentTypeItem(string? Extension, string? MediaType, int MaxSizeMegabytes);

/// <summary>A prepared attachment without its bytes.</summary>
public sealed record PreparedAttachmentItem(Guid Id, string FileName, string MediaType, long Size, string UploadedBy, DateTime UploadedAt);

/// <summary>
/// Assets (<c>/api/assets</c>): the allowlist of attachment types and the prepared attachments agents add to answers.
/// Every member reads; changing needs the "change settings" permission. Who may upload their own attachments to
/// answers is the <see cref="Permission.UploadOwnAttachments"/> flag of the roles.
/// </summary>
public static partial class AssetsEndpoints
{
    private const int MaxTypes = 200;

    private static readonly IStringLocalizer T = Localization.Texts<AssetsTexts>();

    public static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("/api/assets").RequireTenant().WithTags("Assets");
        assets.MapGet("/attachment-types", ListTypesAsync).RequireAuthorization(TenantRoles.Member);
        assets.MapGet("/prepared", ListPreparedAsync).RequireAuthorization(TenantRoles.Member);
        assets.MapGet("/prepared/{id:guid}", DownloadAsync).RequireAuthorization(TenantRoles.Member);

        var change = assets.MapGroup("/").RequirePermission(Permission.ChangeSettings);
        change.MapPut("/attachment-types", ReplaceTypesAsync);
        // Minimal APIs' own form check is off: bearer calls need no token, cookie calls are checked by CookieApiAntiforgery.
        // The body may reach the largest allowed size (Kestrel's default stops at 30 MB); the per-type limit is checked inside.
        change.MapPost("/prepared", UploadAsync).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute((AttachmentType.MaxSizeLimitMegabytes + 1) * 1024L * 1024L));
        change.MapDelete("/prepared/{id:guid}", DeleteAsync);
        app.MapOwnAttachments();
        return app;
    }

    internal static async Task<Ok<List<AttachmentTypeItem>>> ListTypesAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.AttachmentTypes.AsNoTracking().OrderBy(t => t.Extension)
            .Select(t => new AttachmentTypeItem(t.Extension, t.MediaType, t.MaxSizeMegabytes)).ToListAsync(cancellationToken));

    internal static async Task<Results<Ok<List<AttachmentTypeItem>>, ValidationProblem>> ReplaceTypesAsync(
        List<AttachmentTypeItem>? types, TenantDbContext db, CancellationToken cancellationToken)
    {
        types ??= [];
        var errors = new Dictionary<string, string[]>();
        if (types.Count > MaxTypes)
        {
            errors["types"] = [T["TooManyTypes", MaxTypes].Value];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cleaned = new List<AttachmentTypeItem>();
        for (var i = 0; i < types.Count; i++)
        {
            var extension = types[i].Extension?.Trim().ToLowerInvariant() ?? "";
            extension = extension.StartsWith('.') ? extension : "." + extension;
            var mediaType = types[i].MediaType?.Trim().ToLowerInvariant() ?? "";
            if (!ExtensionPattern().IsMatch(extension))
            {
                errors[$"[{i}].extension"] = [T["ExtensionInvalid"].Value];
            }
            else if (!seen.Add(extension))
            {
                errors[$"[{i}].extension"] = [T["ExtensionTwice", extension].Value];
            }

            if (mediaType.Length > AttachmentType.MediaTypeMaxLength || !MediaTypePattern().IsMatch(mediaType))
            {
                errors[$"[{i}].mediaType"] = [T["MediaTypeInvalid"].Value];
            }

            if (types[i].MaxSizeMegabytes is < 1 or > AttachmentType.MaxSizeLimitMegabytes)
            {
                errors[$"[{i}].maxSizeMegabytes"] = [T["MaxSizeRange", AttachmentType.MaxSizeLimitMegabytes].Value];
            }

            cleaned.Add(new AttachmentTypeItem(extension, mediaType, types[i].MaxSizeMegabytes));
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Replace the list: keep rows whose extension stays (so the audit trail shows changed fields), add and remove the rest.
        var existing = await db.AttachmentTypes.ToDictionaryAsync(t => t.Extension, StringComparer.Ordinal, cancellationToken);
        foreach (var item in cleaned)
        {
            if (existing.Remove(item.Extension!, out var type))
            {
                (type.MediaType, type.MaxSizeMegabytes) = (item.MediaType!, item.MaxSizeMegabytes);
            }
            else
            {
                db.AttachmentTypes.Add(new AttachmentType { Extension = item.Extension!, MediaType = item.MediaType!, MaxSizeMegabytes = item.MaxSizeMegabytes });
            }
        }

        db.AttachmentTypes.RemoveRange(existing.Values);
        await db.SaveChangesAsync(cancellationToken);
        return await ListTypesAsync(db, cancellationToken);
    }

    internal static Task<Ok<List<PreparedAttachmentItem>>> ListPreparedAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        ListAsync(db, null, cancellationToken);

    /// <summary>The tenant's prepared attachments (<paramref name="ownerId"/> null) or one person's own ones.</summary>
    internal static async Task<Ok<List<PreparedAttachmentItem>>> ListAsync(TenantDbContext db, Guid? ownerId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.PreparedAttachments.AsNoTracking().Where(a => a.OwnerId == ownerId).OrderBy(a => a.FileName)
            .Select(a => new PreparedAttachmentItem(a.Id, a.FileName, a.MediaType, a.Size, a.UploadedBy, a.UploadedAt)).ToListAsync(cancellationToken));

    private static Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken) =>
        DownloadOneAsync(db, id, null, cancellationToken);

    /// <summary>The bytes of a prepared attachment (<paramref name="ownerId"/> null) or of one person's own one.</summary>
    internal static async Task<Results<FileContentHttpResult, NotFound>> DownloadOneAsync(TenantDbContext db, Guid id, Guid? ownerId, CancellationToken cancellationToken)
    {
        var attachment = await db.PreparedAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.OwnerId == ownerId, cancellationToken);
        return attachment is null ? TypedResults.NotFound() : TypedResults.File(attachment.Content, attachment.MediaType, attachment.FileName);
    }

    internal static Task<Results<Created<PreparedAttachmentItem>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        IFormFile? file, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        StoreAsync(file, null, db, clock, cancellationToken);

    /// <summary>
    /// Checks <paramref name="file"/> against the allowlist (extension, media type, size) and stores it as a prepared
    /// attachment or, with <paramref name="ownerId"/>, as that person's own attachment. Nothing is stored when a check fails.
    /// </summary>
    internal static async Task<Results<Created<PreparedAttachmentItem>, ValidationProblem, ProblemHttpResult>> StoreAsync(
        IFormFile? file, Guid? ownerId, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [T["FileRequired"].Value] });
        }

        var fileName = Path.GetFileName(file.FileName.Replace('\\', '/'));
        if (fileName.Length is 0 or > PreparedAttachment.FileNameMaxLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [T["FileNameLength", PreparedAttachment.FileNameMaxLength].Value] });
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var mediaType = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var allowed = await db.AttachmentTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Extension == extension, cancellationToken);
        if (allowed is null || allowed.MediaType != mediaType)
        {
            var list = await db.AttachmentTypes.AsNoTracking().OrderBy(t => t.Extension).Select(t => t.Extension + " (" + t.MediaType + ")").ToListAsync(cancellationToken);
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["file"] = [T["FileTypeNotAllowed", extension.Length == 0 ? T["NoExtension"].Value : extension, mediaType, list.Count == 0 ? T["NoneAllowed"].Value : string.Join(", ", list)].Value],
            });
        }

        var limit = allowed.MaxSizeMegabytes * 1024L * 1024L;
        if (file.Length > limit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: T["FileTooLargeTitle"],
                detail: T["FileTooLarge", fileName, file.Length, extension, allowed.MaxSizeMegabytes]);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        var attachment = new PreparedAttachment
        {
            FileName = fileName,
            MediaType = mediaType,
            Size = buffer.Length,
            Content = buffer.ToArray(),
            UploadedBy = db.Actor,
            UploadedAt = clock.GetUtcNow().UtcDateTime,
            OwnerId = ownerId,
        };
        db.PreparedAttachments.Add(attachment);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(ownerId is null ? $"prepared/{attachment.Id}" : $"own/{attachment.Id}",
            new PreparedAttachmentItem(attachment.Id, attachment.FileName, attachment.MediaType, attachment.Size, attachment.UploadedBy, attachment.UploadedAt));
    }

    internal static Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, TenantDbContext db, CancellationToken cancellationToken) =>
        DeleteOneAsync(db, id, null, cancellationToken);

    /// <summary>Deletes a prepared attachment (<paramref name="ownerId"/> null) or one of the person's own ones.</summary>
    internal static async Task<Results<NoContent, NotFound>> DeleteOneAsync(TenantDbContext db, Guid id, Guid? ownerId, CancellationToken cancellationToken)
    {
        var deleted = await db.PreparedAttachments.Where(a => a.Id == id && a.OwnerId == ownerId).Select(a => new PreparedAttachment
        {
            Id = a.Id, FileName = a.FileName, MediaType = a.MediaType, Content = Array.Empty<byte>(), UploadedBy = a.UploadedBy, OwnerId = a.OwnerId,
        }).SingleOrDefaultAsync(cancellationToken);
        if (deleted is null)
        {
            return TypedResults.NotFound();
        }

        // Categories offering the attachment stop offering it, in the same transaction.
        var text = id.ToString();
        foreach (var profile in await db.CategoryProfiles.Where(p => p.PreparedAttachmentIds.Contains(text)).ToListAsync(cancellationToken))
        {
            profile.PreparedAttachmentIds = CategoryProfile.FormatIds(CategoryProfile.ParseIds(profile.PreparedAttachmentIds).Where(a => a != id));
        }

        // Attach a stub without the bytes: the delete (and its audit entry) needs only the key.
        db.PreparedAttachments.Remove(deleted);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    [GeneratedRegex(@"^\.[a-z0-9][a-z0-9_-]{0,18}$")]
    private static partial Regex ExtensionPattern();

    // RFC 6838 section 4.2: restricted-name characters for type and subtype.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")]
    private static partial Regex MediaTypePattern();
}

using System.Globalization;
using System.Security.Claims;
using ContactCenter.Letters;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Identity.Provider;
using ContactCenter.Server.Requests;
using ContactCenter.Server.Tenancy;
using ContactCenter.Server.TenantSettings;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Letters;

/// <summary>A letter exported: the PDF to download, or the file name it was stored under; else the problems.</summary>
public sealed record LetterExportOutcome(byte[]? Pdf, string? FileName, bool Stored, Dictionary<string, string[]>? Errors, ReplyProblem? Problem);

/// <summary>
/// Exports one answer of a request as a PDF letter, for the API and the request page alike: within the caller's
/// <see cref="RequestScope"/>, downloaded or written atomically to the tenant's output directory.
/// </summary>
public sealed class LetterExports(
    Data.Tenant.TenantDbContext db, LetterComposer composer, TenantContext tenant, TenantSettingsValidator paths, PersonDirectory people, TimeProvider clock)
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<LettersTexts>();

    /// <summary>What the export form offers for the request; null when the caller does not see it.</summary>
    public async Task<LetterProposal?> ProposeAsync(RequestScope scope, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var request = await scope.Apply(db.Requests.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return request is null ? null : await composer.ProposeAsync(request, cancellationToken);
    }

    /// <summary>The letter of the request as a PDF, or stored in the output directory; null when the caller does not see the request.</summary>
    public async Task<LetterExportOutcome?> ExportAsync(RequestScope scope, ClaimsPrincipal user, Guid id, LetterInput input, bool store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(input);
        var request = await scope.Apply(db.Requests.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var outcome = await composer.ComposeAsync(request, input.AnswerId, input.Recipient, await AgentNameAsync(user, cancellationToken), cancellationToken);
        if (outcome.Letter is not { } letter)
        {
            return new LetterExportOutcome(null, null, false, outcome.Errors, outcome.Problem);
        }

        try
        {
            if (!store)
            {
                using var pdf = new MemoryStream();
                letter.Renderer.Render(letter.Letter, pdf);
                return new LetterExportOutcome(pdf.ToArray(), letter.FileName, false, null, null);
            }

            // The time of day keeps a second export of the same request from replacing the first.
            var name = string.Create(CultureInfo.InvariantCulture, $"{letter.FileName[..^4]}-{clock.GetUtcNow():HHmmss}.pdf");
            var path = paths.LetterOutputFor(tenant.Required.Id).Write(await composer.OutputDirectoryAsync(cancellationToken), name, stream => letter.Renderer.Render(letter.Letter, stream));
            return new LetterExportOutcome(null, Path.GetFileName(path), true, null, null);
        }
        catch (LetterOutputPathException refused)
        {
            return Problem(StatusCodes.Status409Conflict, "OutputRefusedTitle", Texts["OutputRefused", refused.Message]);
        }
        catch (LetterException bad)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "UnrenderableTitle", Texts["Unrenderable", bad.Message]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "OutputRefusedTitle", Texts["OutputUnwritable"]);
        }
    }

    /// <summary>The caller's name for the templates' <c>{agent.name}</c>: a person's name, else who the audit trail names.</summary>
    public async Task<string> AgentNameAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TenantPermissions.PersonIdOf(user) is { } person && await people.FindAsync(person, cancellationToken) is { } found ? found.Name : db.Actor;

    private static LetterExportOutcome Problem(int status, string titleKey, string detail) =>
        new(null, null, false, null, new ReplyProblem(status, Texts[titleKey], detail));
}

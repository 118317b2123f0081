using System.Globalization;
using ContactCenter.Data.Tenant;
using ContactCenter.Letters;
using ContactCenter.Letters.Composition;
using ContactCenter.Letters.Styles;
using ContactCenter.Server.Categories;
using ContactCenter.Server.Requests;
using ContactCenter.Server.TenantSettings;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Letters;

/// <summary>One answer of a request as a letter, ready to render, with the renderer of its design.</summary>
public sealed record ComposedLetter(Letter Letter, LetterRenderer Renderer, long RequestNumber)
{
    /// <summary>The PDF's file name: the request's number and the letter's date.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"letter-{RequestNumber}-{Letter.Date:yyyy-MM-dd}.pdf");
}

/// <summary>An answer a letter may be made of, as the export form offers it.</summary>
public sealed record LetterAnswer(Guid Id, DateTime At, string? Subject);

/// <summary>What the export form starts from: the request's answers (latest first) and the address the letter would go to.</summary>
public sealed record LetterProposal(IReadOnlyList<LetterAnswer> Answers, IReadOnlyList<string> Recipient);

/// <summary>
/// The composed letter, or the fields' problems, or a problem of the request as a whole with its <see cref="Reason"/>
/// (<see cref="NoAnswer"/>, <see cref="Unrenderable"/>).
/// </summary>
public sealed record LetterOutcome(ComposedLetter? Letter, Dictionary<string, string[]>? Errors, ReplyProblem? Problem, string? Reason = null)
{
    public const string NoAnswer = "no-answer";
    public const string Unrenderable = "unrenderable";
    public const string RequestGone = "request-gone";
}

/// <summary>
/// Turns an answer of a request (an outbound message to the customer) into a letter: the tenant's stylesheet, with
/// the letterhead and footer lines of the category's default answer template in place of the stylesheet's; the
/// recipient's postal address (the contact's, else their company's, else name and e-mail address) unless the caller
/// gives the lines. One composer serves one tenant database; it keeps the stylesheet and a renderer per design, so a
/// batch loads fonts once per category, not once per letter.
/// </summary>
public sealed class LetterComposer(TenantDbContext db, TenantSettingsValidator paths, TimeProvider clock)
{
    /// <summary>Address lines a window envelope shows for the recipient (DIN 5008: six in the address zone).</summary>
    public const int MaxRecipientLines = 6;

    public const int MaxRecipientLineLength = 100;

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Texts = Localization.Texts<LettersTexts>();

    private readonly Dictionary<string, LetterRenderer> _renderers = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, AnswerTemplate?> _templates = [];
    private Data.Tenant.TenantSettings? _settings;
    private LetterStylesheet? _stylesheet;

    /// <summary>The tenant's letter output directory setting (relative to the tenant's folder under the output root).</summary>
    public async Task<string> OutputDirectoryAsync(CancellationToken cancellationToken) => (await SettingsAsync(cancellationToken)).LetterOutputDirectory;

    /// <summary>The request's answers, latest first, and the recipient the letter goes to by default.</summary>
    public async Task<LetterProposal> ProposeAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answers = await Answers(request.Id).Select(m => new LetterAnswer(m.Id, m.ReceivedAt, m.Subject)).ToListAsync(cancellationToken);
        return new LetterProposal(answers.Select(a => a with { At = RequestValues.Utc(a.At) }).ToList(), await RecipientAsync(request, cancellationToken));
    }

    /// <summary>
    /// The letter of <paramref name="answerId"/> (default: the latest answer) to <paramref name="recipient"/> (default:
    /// the contact's postal address). <paramref name="agentName"/> fills the templates' <c>{agent.name}</c>.
    /// </summary>
    public async Task<LetterOutcome> ComposeAsync(Request request, Guid? answerId, IReadOnlyList<string>? recipient, string? agentName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var lines = recipient is null ? null : ReadRecipient(errors, recipient);
        var answers = Answers(request.Id);
        var answer = answerId is { } id
            ? await answers.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            : await answers.FirstOrDefaultAsync(cancellationToken);
        if (answerId is not null && answer is null)
        {
            errors.Add("answerId", Texts["AnswerNotOfRequest"]);
        }

        if (errors.Any)
        {
            return new LetterOutcome(null, errors.ToDictionary(), null);
        }

        if (answer is null)
        {
            return new LetterOutcome(null, null, new ReplyProblem(StatusCodes.Status409Conflict, Texts["NoAnswerTitle"], Texts["NoAnswer", request.Number]), LetterOutcome.NoAnswer);
        }

        lines ??= await RecipientAsync(request, cancellationToken);
        var settings = await SettingsAsync(cancellationToken);
        var date = DateOnly.FromDateTime(TenantTime.In(clock.GetUtcNow(), settings.TimeZone).DateTime);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer.name"] = lines.Count > 0 ? lines[0] : request.ContactEmail,
            ["request.number"] = request.Number.ToString(CultureInfo.InvariantCulture),
            ["agent.name"] = agentName,
            ["date"] = date.ToString("D", CultureInfo.GetCultureInfo(settings.Language)),
        };
        LetterRenderer renderer;
        try
        {
            renderer = await RendererAsync(request.CategoryId, values, cancellationToken);
        }
        catch (LetterException e)
        {
            return new LetterOutcome(null, null, new ReplyProblem(StatusCodes.Status409Conflict, Texts["StylesheetUnusableTitle"], Texts["StylesheetUnusable", e.Message]), LetterOutcome.Unrenderable);
        }

        var letter = new Letter
        {
            Recipient = lines,
            Subject = request.Subject.Length > 0 ? request.Subject : answer.Subject,
            Date = date,
            OurReference = "#" + request.Number.ToString(CultureInfo.InvariantCulture),
            Email = answer.FromAddress,
            Body = answer.Html is { Length: > 0 } html ? LetterBody.FromHtml(html) : LetterBody.FromText(answer.Text ?? ""),
        };
        return new LetterOutcome(new ComposedLetter(letter, renderer, request.Number), null, null);
    }

    /// <summary>The outbound messages to the customer, latest first.</summary>
    private IQueryable<RequestMessage> Answers(Guid requestId) =>
        db.RequestMessages.AsNoTracking()
            .Where(m => m.RequestId == requestId && m.Direction == MessageDirection.Out && m.Kind == MessageKind.Customer)
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id);

    /// <summary>The lines as given, trimmed, blank ones dropped; a field error when none is left, too many or one too long.</summary>
    private static List<string> ReadRecipient(FieldErrors errors, IReadOnlyList<string> recipient)
    {
        var lines = recipient.Select(l => (l ?? "").Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            errors.Add("recipient", Texts["RecipientEmpty"]);
        }
        else if (lines.Count > MaxRecipientLines)
        {
            errors.Add("recipient", Texts["RecipientTooManyLines", MaxRecipientLines]);
        }

        if (lines.Any(l => l.Length > MaxRecipientLineLength))
        {
            errors.Add("recipient", Texts["RecipientLineTooLong", MaxRecipientLineLength]);
        }

        return lines;
    }

    /// <summary>The contact's postal address; else their company's; else the name and e-mail address.</summary>
    private async Task<List<string>> RecipientAsync(Request request, CancellationToken cancellationToken)
    {
        var contact = request.ContactId is { } contactId
            ? await db.Contacts.AsNoTracking().Include(c => c.Company).SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken)
            : null;
        var name = contact is null ? null : Join(' ', contact.Salutation, contact.FirstName, contact.LastName);
        if (contact is not null && Has(contact.Street, contact.City))
        {
            return Lines(name, contact.Street, Join(' ', contact.PostalCode, contact.City), contact.Country);
        }

        if (contact?.Company is { } company && Has(company.AddressLine1, company.City))
        {
            return Lines(company.Name, name, company.AddressLine1, company.AddressLine2, Join(' ', company.PostalCode, company.City), company.Country);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            name = await db.RequestMessages.AsNoTracking().Where(m => m.RequestId == request.Id && m.Direction == MessageDirection.In && m.FromName != null)
                .OrderBy(m => m.ReceivedAt).Select(m => m.FromName).FirstOrDefaultAsync(cancellationToken);
        }

        return Lines(name, contact?.Email ?? request.ContactEmail);
    }

    private static bool Has(params string?[] parts) => parts.Any(p => !string.IsNullOrWhiteSpace(p));

    private static string Join(char separator, params string?[] parts) => string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));

    private static List<string> Lines(params string?[] lines) =>
        lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim()).Take(MaxRecipientLines).ToList();

    private async Task<Data.Tenant.TenantSettings> SettingsAsync(CancellationToken cancellationToken) =>
        _settings ??= await db.Settings.AsNoTracking().SingleAsync(cancellationToken);

    /// <summary>The renderer of the tenant's stylesheet with the category template's letterhead and footer, made once per design.</summary>
    /// <exception cref="LetterStylesheetException">The tenant's stylesheet no longer reads.</exception>
    /// <exception cref="LetterException">A font or the logo it names cannot be loaded.</exception>
    private async Task<LetterRenderer> RendererAsync(Guid? categoryId, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        _stylesheet ??= settings.LetterStylesheetJson is { Length: > 0 } json
            ? LetterStylesheetReader.Parse(json, paths.LetterStylesheetDirectory, confined: true)
            : DefaultStylesheet.Create();
        var template = categoryId is { } id ? await TemplateAsync(id, cancellationToken) : null;
        var stylesheet = _stylesheet;
        if (!string.IsNullOrWhiteSpace(template?.Letterhead))
        {
            stylesheet = stylesheet with { Letterhead = stylesheet.Letterhead with { Lines = LetterTemplateText.Lines(Placeholders.Fill(template.Letterhead, values)) } };
        }

        if (!string.IsNullOrWhiteSpace(template?.Footer))
        {
            stylesheet = stylesheet with { Footer = stylesheet.Footer with { Columns = LetterTemplateText.Columns(Placeholders.Fill(template.Footer, values)) } };
        }

        var key = string.Join('\u001f', stylesheet.Letterhead.Lines) + '\u001e' + string.Join('\u001f', stylesheet.Footer.Columns.Select(c => string.Join('\u001d', c)));
        if (!_renderers.TryGetValue(key, out var renderer))
        {
            renderer = LetterRenderer.Create(stylesheet);
            _renderers[key] = renderer;
        }

        return renderer;
    }

    private async Task<AnswerTemplate?> TemplateAsync(Guid categoryId, CancellationToken cancellationToken)
    {
        if (!_templates.TryGetValue(categoryId, out var template))
        {
            template = await db.AnswerTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.CategoryId == categoryId && t.IsDefault, cancellationToken);
            _templates[categoryId] = template;
        }

        return template;
    }
}

/// <summary>How the plain text of a template's letterhead and footer becomes the stylesheet's lines and columns.</summary>
public static partial class LetterTemplateText
{
    /// <summary>Footer columns a letter has room for.</summary>
    public const int MaxFooterColumns = 4;

    /// <summary>The non-blank lines, trimmed.</summary>
    public static IReadOnlyList<string> Lines(string text) =>
        (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>Blocks of lines separated by blank lines, each a column; blocks beyond the fourth join the last column.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Columns(string text)
    {
        var blocks = BlankLine().Split((text ?? "").Replace("\r", "", StringComparison.Ordinal)).Select(Lines).Where(b => b.Count > 0).ToList();
        if (blocks.Count <= MaxFooterColumns)
        {
            return blocks;
        }

        return [.. blocks.Take(MaxFooterColumns - 1), blocks.Skip(MaxFooterColumns - 1).SelectMany(b => b).ToList()];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\n[ \t]*\n")]
    private static partial System.Text.RegularExpressions.Regex BlankLine();
}

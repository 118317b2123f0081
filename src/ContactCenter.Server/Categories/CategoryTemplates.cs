using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Categories;

/// <summary>
/// A category's answer templates, shared by the API and the category page. Names are unique within the category;
/// while a category has templates exactly one is its default: the first template becomes the default, choosing
/// another moves the flag, the default cannot be unflagged, and deleting it hands the flag to the first remaining
/// template by name.
/// </summary>
public static class CategoryTemplates
{
    private static readonly IStringLocalizer T = Localization.Texts<CategoriesTexts>();

    /// <summary>The category's templates, the default first, then by name.</summary>
    public static async Task<List<AnswerTemplateItem>> ListAsync(TenantDbContext db, Guid categoryId, CancellationToken cancellationToken) =>
        (await db.AnswerTemplates.AsNoTracking().Where(t => t.CategoryId == categoryId).ToListAsync(cancellationToken))
            .OrderByDescending(t => t.IsDefault).ThenBy(t => t.Name, StringComparer.Ordinal).Select(Item).ToList();

    /// <summary>
    /// Per-field errors of <paramref name="input"/> for template <paramref name="templateId"/> (null when new) of the
    /// category: name, size and placeholders of each part, the one-default rule, the number of templates.
    /// </summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(
        TenantDbContext db, Guid categoryId, Guid? templateId, AnswerTemplateInput input, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (errors.Required("name", input.Name, AnswerTemplate.NameMaxLength, T["AName"]) is { } name
            && await db.AnswerTemplates.AnyAsync(t => t.CategoryId == categoryId && t.Name == name && t.Id != templateId, cancellationToken))
        {
            errors.Add("name", T["TemplateNameTaken", name]);
        }

        foreach (var (field, text) in new[] { ("letterhead", input.Letterhead), ("body", input.Body), ("footer", input.Footer) })
        {
            if (text is { Length: > AnswerTemplate.PartMaxLength })
            {
                errors.Add(field, T["PartTooLong", AnswerTemplate.PartMaxLength]);
            }
            else if (Placeholders.Check(text) is { } message)
            {
                errors.Add(field, message);
            }
        }

        if (string.IsNullOrWhiteSpace(input.Letterhead) && string.IsNullOrWhiteSpace(input.Body) && string.IsNullOrWhiteSpace(input.Footer))
        {
            errors.Add("body", T["TemplateEmpty"]);
        }

        if (templateId is { } id)
        {
            if (!input.IsDefault && await db.AnswerTemplates.AnyAsync(t => t.Id == id && t.IsDefault, cancellationToken))
            {
                errors.Add("isDefault", T["DefaultTemplateNeeded"]);
            }
        }
        else if (await db.AnswerTemplates.CountAsync(t => t.CategoryId == categoryId, cancellationToken) >= AnswerTemplate.MaxPerCategory)
        {
            errors.Add("name", T["TemplatesTooMany", AnswerTemplate.MaxPerCategory]);
        }

        return errors.ToDictionary();
    }

    /// <summary>Saves validated input as a new template (<paramref name="template"/> null) or over an existing one.</summary>
    public static async Task<AnswerTemplate> SaveAsync(
        TenantDbContext db, Guid categoryId, AnswerTemplate? template, AnswerTemplateInput input, CancellationToken cancellationToken)
    {
        var others = await db.AnswerTemplates.Where(t => t.CategoryId == categoryId && t.Id != (template == null ? Guid.Empty : template.Id))
            .ToListAsync(cancellationToken);
        if (template is null)
        {
            template = new AnswerTemplate { CategoryId = categoryId, Name = input.Name!.Trim() };
            db.AnswerTemplates.Add(template);
        }

        template.Name = input.Name!.Trim();
        template.Letterhead = Part(input.Letterhead);
        template.Body = Part(input.Body);
        template.Footer = Part(input.Footer);
        if (input.IsDefault || !others.Any(t => t.IsDefault))
        {
            foreach (var previous in others.Where(t => t.IsDefault))
            {
                previous.IsDefault = false;
            }

            template.IsDefault = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        return template;
    }

    /// <summary>Deletes a template; when it was the default, the first remaining template by name becomes the default.</summary>
    public static async Task DeleteAsync(TenantDbContext db, AnswerTemplate template, CancellationToken cancellationToken)
    {
        db.AnswerTemplates.Remove(template);
        if (template.IsDefault)
        {
            var next = (await db.AnswerTemplates.Where(t => t.CategoryId == template.CategoryId && t.Id != template.Id).ToListAsync(cancellationToken))
                .OrderBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault();
            next?.IsDefault = true;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public static AnswerTemplateItem Item(AnswerTemplate t) => new(t.Id, t.Name, t.Letterhead, t.Body, t.Footer, t.IsDefault);

    private static string? Part(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

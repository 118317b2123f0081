using System.Net.Mail;
using System.Text.RegularExpressions;
using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.SignUp;

/// <summary>Checks a sign-up and returns every problem at once, keyed by field name.</summary>
public sealed partial class SignUpValidator(UserManager<PlatformUser> users, IStringLocalizer<SignUpTexts> texts)
{
    /// <summary>Names used by the platform itself (host names, path segments), never a tenant's.</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        "www", "api", "admin", "t", "signup", "login", "logout", "connect", "static", "assets", "health", "account",
        "auth", "oauth", "oidc", "openid", "well-known", "mail", "smtp", "imap", "pop", "pop3", "ftp", "app", "apps",
        "support", "help", "status", "docs", "dashboard", "operator", "platform", "root", "system", "tenant", "tenants",
        "contactcenter", "localhost", "test", "dev", "staging", "cdn", "media", "files", "public", "internal",
    };

    public async Task<Dictionary<string, string[]>> ValidateAsync(SignUpRequest request)
    {
        var errors = new Dictionary<string, string[]>();

        var companyName = request.CompanyName?.Trim() ?? "";
        if (companyName.Length == 0)
        {
            errors["companyName"] = [texts["CompanyNameRequired"]];
        }
        else if (companyName.Length > Tenant.NameMaxLength)
        {
            errors["companyName"] = [texts["CompanyNameTooLong", Tenant.NameMaxLength]];
        }

        var slug = request.Slug?.Trim() ?? "";
        if (!SlugPattern().IsMatch(slug))
        {
            errors["slug"] = [texts["SlugInvalid"]];
        }
        else if (ReservedSlugs.Contains(slug))
        {
            errors["slug"] = [texts["SlugReserved", slug]];
        }

        var email = request.AdminEmail?.Trim() ?? "";
        if (!IsEmailAddress(email))
        {
            errors["adminEmail"] = [texts["AdminEmailInvalid"]];
        }

        var passwordErrors = await PasswordErrorsAsync(request.AdminPassword ?? "", email);
        if (passwordErrors.Length > 0)
        {
            errors["adminPassword"] = passwordErrors;
        }

        return errors;
    }

    /// <summary>Whether a slug has the form sign-up accepts and is not one of the platform's own names.</summary>
    public static bool IsValidSlug(string slug) => SlugPattern().IsMatch(slug) && !ReservedSlugs.Contains(slug);

    private static bool IsEmailAddress(string value) =>
        value.Length is > 0 and <= 256
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.');

    private async Task<string[]> PasswordErrorsAsync(string password, string email)
    {
        var user = new PlatformUser { UserName = email, Email = email };
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }

        return [.. errors];
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}

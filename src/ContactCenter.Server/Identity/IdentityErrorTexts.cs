using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.Identity;

/// <summary>
/// ASP.NET Core Identity's messages that a person reads (password rules, a taken or invalid address) in the request's
/// language; the English ones are Identity's own. The rest stay Identity's English.
/// </summary>
public sealed class IdentityErrorTexts(IStringLocalizer<IdentityTexts> texts) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric));

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit));

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower));

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper));

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), uniqueChars);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), email);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), email ?? "");

    private IdentityError Error(string code, params object[] arguments) => new() { Code = code, Description = texts[code, arguments] };
}

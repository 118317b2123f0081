using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.Identity;

namespace ContactCenter.Server.Identity;

/// <summary>
/// The language a person reads: the one they last signed in or chose in the header, kept on their account, so a mail
/// sent to them later (a password reset, a notification) is in their language rather than in the sender's.
/// </summary>
public static class PersonLanguage
{
    /// <summary>The person's language if known, else <paramref name="fallback"/> (say the tenant's), else the request's.</summary>
    public static string Of(PlatformUser? person, string? fallback = null) =>
        Localization.Supported(person?.Language) ?? Localization.Supported(fallback) ?? Localization.CurrentLanguage;

    /// <summary>Runs <paramref name="work"/> (composing a mail) in the person's language, see <see cref="Of"/>.</summary>
    public static T In<T>(PlatformUser? person, Func<T> work, string? fallback = null) => Localization.In(Of(person, fallback), work);

    /// <summary>Keeps <paramref name="language"/> (<c>en</c>, <c>de</c>) as the person's language; nothing is written if it is theirs already.</summary>
    public static async Task RememberAsync(UserManager<PlatformUser> users, PlatformUser person, string language)
    {
        if (Localization.Supported(language) is { } supported && person.Language != supported)
        {
            person.Language = supported;
            await users.UpdateAsync(person);
        }
    }
}

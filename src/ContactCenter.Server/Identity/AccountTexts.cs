using System.Collections.Frozen;

namespace ContactCenter.Server.Identity;

/// <summary>The sign-in pages' texts in English and German; the language comes from <c>ui_locales</c>, then Accept-Language.</summary>
public sealed class AccountTexts
{
    private static readonly FrozenDictionary<string, (string En, string De)> Texts = new Dictionary<string, (string, string)>
    {
        ["SignIn"] = ("Sign in", "Anmelden"),
        ["Email"] = ("Email", "E-Mail"),
        ["Password"] = ("Password", "Passwort"),
        ["WrongCredentials"] = ("Email or password is wrong.", "E-Mail oder Passwort ist falsch."),
        ["LockedOut"] = ("Too many failed attempts: this account is locked for a while. Try again later.", "Zu viele Fehlversuche: Dieses Konto ist vorübergehend gesperrt. Bitte später erneut versuchen."),
        ["Required"] = ("Enter your email and password.", "Bitte E-Mail und Passwort eingeben."),
        ["ChooseTenant"] = ("Choose the tenant to work for", "Mandant wählen"),
        ["AllTenants"] = ("All my tenants", "Alle meine Mandanten"),
        ["Continue"] = ("Continue", "Weiter"),
        ["NoTenant"] = ("You do not work for any tenant yet.", "Sie sind noch keinem Mandanten zugeordnet."),
        ["NotMember"] = ("You do not work for tenant '{0}'. Choose one of yours.", "Sie arbeiten nicht für den Mandanten „{0}“. Bitte wählen Sie einen Ihrer Mandanten."),
        ["AllNotAllowed"] = ("Signing in for all tenants is not allowed by one of your tenants.", "Einer Ihrer Mandanten erlaubt die Anmeldung für alle Mandanten nicht."),
        ["SignOut"] = ("Sign out", "Abmelden"),
        ["SignOutQuestion"] = ("Do you want to sign out?", "Möchten Sie sich abmelden?"),
        ["SignedOut"] = ("You are signed out.", "Sie sind abgemeldet."),
        ["Denied"] = ("You may not open this page.", "Sie dürfen diese Seite nicht öffnen."),
        ["SwitchTenant"] = ("Switch tenant", "Mandant wechseln"),
        ["Current"] = ("current", "aktuell"),
    }.ToFrozenDictionary();

    private AccountTexts(string language) => Language = language;

    /// <summary><c>en</c> or <c>de</c>.</summary>
    public string Language { get; }

    public string this[string key] => Texts.TryGetValue(key, out var text) ? (Language == "de" ? text.De : text.En) : key;

    public string Format(string key, object argument) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], argument);

    /// <summary>The language: the first of <c>ui_locales</c> we speak, else the first of Accept-Language we speak, else English.</summary>
    public static AccountTexts For(HttpRequest request, string? uiLocales)
    {
        var wanted = (uiLocales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.ToString()));
        foreach (var tag in wanted)
        {
            var language = tag.Split('-')[0].ToLowerInvariant();
            if (language is "en" or "de")
            {
                return new AccountTexts(language);
            }
        }

        return new AccountTexts("en");
    }
}

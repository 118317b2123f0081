using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server;

/// <summary>
/// German and English on ASP.NET Core's localisation: one resource pair per feature (<c>CrmTexts.resx</c> and
/// <c>CrmTexts.de.resx</c> beside a marker class <c>CrmTexts</c>), read through <see cref="IStringLocalizer{T}"/>.
/// The request's language comes from <c>ui_locales</c> (the sign-in pages), then the person's choice (a cookie set
/// by the language switch), then Accept-Language; English by default.
/// </summary>
public static class Localization
{
    /// <summary>The languages the product speaks; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "de"];

    /// <summary>The cookie that remembers a person's choice of language.</summary>
    public const string CookieName = "cc.language";

    /// <summary>
    /// Texts for code that is built with <c>new</c> rather than injected (field checks, validators). They follow the
    /// request's culture like the injected localizers, since both read <see cref="CultureInfo.CurrentUICulture"/>,
    /// and notice a missing text as they do (under the setting of the last host started in this process).
    /// </summary>
    public static IStringLocalizer Texts<T>() => StaticLocalizers.GetOrAdd(typeof(T), type => StaticFactory.Create(type));

    private static volatile bool _rejectMissingTexts;

    private static readonly CheckedLocalizerFactory StaticFactory = new(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance),
        () => _rejectMissingTexts, NullLogger<CheckedLocalizerFactory>.Instance);

    private static readonly ConcurrentDictionary<Type, IStringLocalizer> StaticLocalizers = new();

    public static IHostApplicationBuilder AddLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        // Development (and so every test host) refuses a text missing from the resources instead of showing its key.
        var rejectMissing = builder.Configuration.GetValue("Localization:RejectMissingTexts", builder.Environment.IsDevelopment());
        _rejectMissingTexts = rejectMissing;
        builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        builder.Services.AddSingleton<IStringLocalizerFactory>(services => new CheckedLocalizerFactory(
            services.GetRequiredService<ResourceManagerStringLocalizerFactory>(), () => rejectMissing, services.GetRequiredService<ILogger<CheckedLocalizerFactory>>()));
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(Languages[0]);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new UiLocalesRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    /// <summary>The two-letter language of the current request (<c>en</c> or <c>de</c>).</summary>
    public static string CurrentLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var language && Languages.Contains(language) ? language : Languages[0];

    /// <summary>A language we speak for a tag such as <c>de-AT</c>, or null.</summary>
    public static string? Supported(string? tag)
    {
        var language = tag?.Split('-', '_')[0].Trim().ToLowerInvariant();
        return language is not null && Languages.Contains(language) ? language : null;
    }

    /// <summary>Runs <paramref name="work"/> with <paramref name="language"/> as the current culture (an e-mail in its recipient's language).</summary>
    public static T In<T>(string? language, Func<T> work)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var chosen = CultureInfo.GetCultureInfo(Supported(language) ?? Languages[0]);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = chosen;
        try
        {
            return work();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    /// <summary>
    /// <c>ui_locales</c> of an authorization request (RFC: OpenID Connect Core 1.0 §3.1.2.1), as the sign-in pages
    /// receive it: in the query, in their forms' <c>uiLocales</c> field, or inside the <c>returnUrl</c> they carry.
    /// </summary>
    private sealed class UiLocalesRequestCultureProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var request = httpContext.Request;
            string? locales = request.Query["ui_locales"];
            if (string.IsNullOrEmpty(locales) && request.HasFormContentType && request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase))
            {
                locales = (await request.ReadFormAsync(httpContext.RequestAborted))["uiLocales"];
            }

            if (string.IsNullOrEmpty(locales) && request.Query["returnUrl"].ToString() is { Length: > 0 } returnUrl
                && returnUrl.IndexOf('?', StringComparison.Ordinal) is var question and >= 0)
            {
                locales = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[question..]).GetValueOrDefault("ui_locales");
            }

            var language = (locales ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Supported).FirstOrDefault(l => l is not null);
            return language is null ? null : new ProviderCultureResult(language);
        }
    }
}

/// <summary>Thrown in development when a page or message asks for a text that its resources lack.</summary>
public sealed class MissingTextException(string resource, string name)
    : Exception($"The text '{name}' is missing from {resource}.resx: add it in English and German.");

/// <summary>Hands out localizers that notice a missing text: an exception in development, a logged warning otherwise.</summary>
internal sealed partial class CheckedLocalizerFactory(IStringLocalizerFactory inner, Func<bool> rejectMissing, ILogger<CheckedLocalizerFactory> logger) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new Checked(inner.Create(resourceSource), resourceSource.FullName ?? resourceSource.Name, this);

    public IStringLocalizer Create(string baseName, string location) => new Checked(inner.Create(baseName, location), baseName, this);

    private LocalizedString Verify(LocalizedString text, string resource)
    {
        if (text.ResourceNotFound)
        {
            if (rejectMissing())
            {
                throw new MissingTextException(resource, text.Name);
            }

            LogMissing(logger, text.Name, resource);
        }

        return text;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The text '{Name}' is missing from {Resource}.")]
    private static partial void LogMissing(ILogger logger, string name, string resource);

    private sealed class Checked(IStringLocalizer inner, string resource, CheckedLocalizerFactory factory) : IStringLocalizer
    {
        public LocalizedString this[string name] => factory.Verify(inner[name], resource);

        public LocalizedString this[string name, params object[] arguments] => factory.Verify(inner[name, arguments], resource);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}

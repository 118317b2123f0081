using System.Threading.RateLimiting;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactCenter.Server.Identity;

/// <summary>
/// Our OpenID Connect provider on OpenIddict: its server speaks the protocol (codes with PKCE, refresh rotation with
/// reuse detection, client credentials, revocation, introspection, discovery and keys), its validation checks our
/// access tokens; our endpoints only decide who gets which token (sign-in, tenant choice, consent) and the pages stay ours.
/// </summary>
public static class IdentityProviderFeature
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";
    public const string EndSessionPath = "/connect/endsession";
    public const string RevocationPath = "/connect/revocation";
    public const string IntrospectionPath = "/connect/introspect";
    public const string TokenRateLimit = "token";
    public const string LoginRateLimit = "login";

    /// <summary>Chooses Bearer, operator key or cookie by what the request carries.</summary>
    public const string DefaultScheme = "ContactCenter";

    public static readonly string[] StandardScopes = ["openid", "profile", "email", "offline_access", "api"];

    public static IHostApplicationBuilder AddIdentityProvider(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var settings = builder.Configuration.GetSection(IdentityProviderOptions.Section).Get<IdentityProviderOptions>() ?? new IdentityProviderOptions();
        services.Configure<IdentityProviderOptions>(builder.Configuration.GetSection(IdentityProviderOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<ClientCache>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(provider => provider.GetRequiredService<SigningKeyStore>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>, SigningKeyChanges<OpenIddictServerOptions>>();
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictValidationOptions>, SigningKeyChanges<OpenIddictValidationOptions>>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, IssuerFromPublicOrigin>();
        services.AddHostedService<SigningKeyRefresher>();
        services.AddScoped<PersonDirectory>();
        services.AddScoped<AuthorizeEndpoint>();
        services.AddScoped<TokenEndpoint>();
        services.AddScoped<SignInRevocation>();
        services.AddScoped<AccountSession>();
        services.AddScoped<Consent.ConsentStore>();
        services.AddScoped<ClientRegistry>();
        services.Configure<PlatformMailOptions>(builder.Configuration.GetSection(PlatformMailOptions.Section));
        services.AddSingleton<PlatformMailer>();

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<CatalogDbContext>()
                    .ReplaceDefaultEntities<OidcApplication, OidcAuthorization, OidcScope, OidcToken, Guid>();
                core.ReplaceApplicationManager<OidcApplication, ClientManager>();
            })
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(AuthorizePath)
                    .SetTokenEndpointUris(TokenPath)
                    .SetUserInfoEndpointUris(UserInfoPath)
                    .SetEndSessionEndpointUris(EndSessionPath)
                    .SetRevocationEndpointUris(RevocationPath)
                    .SetIntrospectionEndpointUris(IntrospectionPath)
                    .SetConfigurationEndpointUris("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")
                    .SetJsonWebKeySetEndpointUris("/.well-known/jwks");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                // PKCE (S256 only) for every client, confidential ones too (OAuth 2.0 Security BCP §2.1.1).
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes(StandardScopes);
                server.RegisterAudiences(settings.ApiAudience);
                server.IgnoreAudiencePermissions();
                server.RegisterClaims(ProviderClaims.Subject, ProviderClaims.Name, ProviderClaims.Email, ProviderClaims.Tenant, ProviderClaims.Tenants,
                    ProviderClaims.Role, ProviderClaims.AuthenticationMethods, ProviderClaims.AuthenticationTime, ProviderClaims.Nonce);
                server.SetAuthorizationCodeLifetime(settings.AuthorizationCodeLifetime)
                    .SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetIdentityTokenLifetime(settings.IdentityTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime);
                // A rotated refresh token used again revokes the whole sign-in at once: no grace period.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // Access tokens are signed JWTs (RFC 9068, typ at+jwt) our APIs and other services can read; codes and
                // refresh tokens stay encrypted.
                server.DisableAccessTokenEncryption();
                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    options.ResponseModes.Remove(ResponseModes.Fragment);
                    options.PromptValues.Remove(PromptValues.Consent);
                });
                server.AddEventHandler(ProviderEvents.SkipClientCredentialsTokenEntries.Descriptor);
                server.AddEventHandler(ProviderEvents.RevokeTheSignInOfARefreshToken.Descriptor);
                server.AddEventHandler(ProviderEvents.FormPostContentSecurityPolicy.Descriptor);
                server.AddEventHandler(ProviderEvents.RedirectErrorsToRegisteredUris.Descriptor);
                server.AddEventHandler(ProviderEvents.AuthorizationErrorPage.Descriptor);
                server.AddEventHandler(ProviderEvents.StandardErrors.ForAuthorization);
                server.AddEventHandler(ProviderEvents.StandardErrors.ForToken);
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // The public origin decides http or https (Hosting:PublicOrigin); behind a proxy the hop may be http.
                    .DisableTransportSecurityRequirement()
                    .SuppressJsonResponseIndentation();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(settings.ApiAudience);
                // A revoked sign-in (reused code or refresh token, password reset, withdrawn consent) ends its access tokens.
                validation.EnableTokenEntryValidation();
                validation.EnableAuthorizationEntryValidation();
                validation.UseAspNetCore();
            });

        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Bearer token or sign-in cookie", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthentication>(BearerTokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "cc.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
            cookie.SlidingExpiration = true;
            // APIs answer 401/403; only pages redirect to the login.
            cookie.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
        });

        // Sessions end with the next request once the security stamp changed (password reset); the refreshed
        // principal keeps the session's own claims (tenant, authentication time and methods).
        services.Configure<SecurityStampValidatorOptions>(stamp =>
        {
            stamp.ValidationInterval = TimeSpan.Zero;
            stamp.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identities.First() is { } identity)
                {
                    identity.AddClaims(context.CurrentPrincipal?.Claims
                        .Where(c => c.Type is ProviderClaims.Tenant or AccountSession.AuthenticationTimeClaim or AccountSession.AuthenticationMethodsClaim)
                        .Where(c => !identity.HasClaim(existing => existing.Type == c.Type))
                        .Select(c => new System.Security.Claims.Claim(c.Type, c.Value)).ToList() ?? []);
                }

                return Task.CompletedTask;
            };
        });

        var tokenPermits = builder.Configuration.GetValue("Identity:TokenPermitsPerMinute", 600);
        var loginPermits = builder.Configuration.GetValue("Identity:LoginPermitsPerMinute", 20);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(TokenRateLimit, context => PerAddress(context, TokenRateLimit, tokenPermits));
            options.AddPolicy(LoginRateLimit, context => PerAddress(context, LoginRateLimit, loginPermits));
            // OpenIddict answers revocation and introspection itself, before any endpoint: limited here by path.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments(RevocationPath) || context.Request.Path.StartsWithSegments(IntrospectionPath)
                    ? PerAddress(context, TokenRateLimit, tokenPermits)
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapIdentityProvider(this IEndpointRouteBuilder app)
    {
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, AuthorizeEndpoint endpoint) => endpoint.HandleAsync(context))
            .AllowAnonymous().DisableAntiforgery();
        app.MapPost(TokenPath, (HttpContext context, TokenEndpoint endpoint) => endpoint.HandleAsync(context))
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(TokenRateLimit);
        app.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], SessionEndpoints.UserInfoAsync).AllowAnonymous().DisableAntiforgery();
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], SessionEndpoints.EndSessionAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    /// <summary>
    /// A UserInfo request by POST with the token in its header and no body (OpenID Connect Core §5.3.1) reaches
    /// OpenIddict as an empty form post: OpenIddict reads a POST as a form and refuses one without a Content-Type.
    /// </summary>
    public static IApplicationBuilder UseUserInfoPostsWithoutBody(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(UserInfoPath) && request.ContentType is null
            && request.ContentLength is null or 0)
        {
            request.ContentType = "application/x-www-form-urlencoded";
        }

        return next(context);
    });

    private static Task ApiOr(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/connect"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The limit <paramref name="name"/> per client address and minute, counted by every instance together.</summary>
    private static RateLimitPartition<string> PerAddress(HttpContext context, string name, int permitsPerMinute) =>
        context.RequestServices.GetRequiredService<Instances.SharedRateLimits>().PerAddress(context, name, permitsPerMinute, TimeSpan.FromMinutes(1));

    /// <summary>The issuer is the public origin (<c>Hosting:PublicOrigin</c>), never the request's Host header.</summary>
    private sealed class IssuerFromPublicOrigin(PublicOrigin origin) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options) => options.Issuer = new Uri(origin.Text + "/");
    }
}

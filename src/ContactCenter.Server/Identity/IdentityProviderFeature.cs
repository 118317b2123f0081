using System.Threading.RateLimiting;
using ContactCenter.Server.Identity.Provider;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ContactCenter.Server.Identity;

/// <summary>Our OpenID Connect provider: endpoints, signing keys, clients, and how requests authenticate.</summary>
public static class IdentityProviderFeature
{
    public const string AuthorizePath = "/connect/authorize";
    public const string UserInfoPath = "/connect/userinfo";
    public const string TokenRateLimit = "token";
    public const string LoginRateLimit = "login";

    /// <summary>Chooses Bearer, operator key or cookie by what the request carries.</summary>
    public const string DefaultScheme = "ContactCenter";

    public static readonly string[] StandardScopes = ["openid", "profile", "email", "offline_access", "api"];

    public static IHostApplicationBuilder AddIdentityProvider(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<IdentityProviderOptions>(builder.Configuration.GetSection(IdentityProviderOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<ClientStore>();
        services.AddSingleton<RevocationList>();
        services.AddSingleton<TokenValidator>();
        services.AddSingleton<IdentityTokenHints>();
        services.AddSingleton<TokenFactory>();
        services.AddScoped<PersonDirectory>();
        services.AddScoped<GrantStore>();
        services.AddScoped<ClientAuthentication>();
        services.AddScoped<TokenEndpoint>();
        services.AddScoped<AuthorizeEndpoint>();
        services.AddScoped<AccountSession>();
        services.AddScoped<Consent.ConsentStore>();
        services.AddScoped<ClientRegistry>();
        services.Configure<PlatformMailOptions>(builder.Configuration.GetSection(PlatformMailOptions.Section));
        services.AddSingleton<PlatformMailer>();

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
            options.AddPolicy(TokenRateLimit, context => PerAddress(context, tokenPermits));
            options.AddPolicy(LoginRateLimit, context => PerAddress(context, loginPermits));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapIdentityProvider(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/openid-configuration", MetadataEndpoints.Discovery).AllowAnonymous();
        app.MapGet("/.well-known/oauth-authorization-server", MetadataEndpoints.Discovery).AllowAnonymous();
        app.MapGet("/.well-known/jwks", MetadataEndpoints.JsonWebKeySetAsync).AllowAnonymous();
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, AuthorizeEndpoint endpoint) => endpoint.HandleAsync(context))
            .AllowAnonymous().DisableAntiforgery();
        app.MapPost("/connect/token", (HttpContext context, TokenEndpoint endpoint) => endpoint.HandleAsync(context))
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(TokenRateLimit);
        app.MapMethods(UserInfoPath, [HttpMethods.Get, HttpMethods.Post], SessionEndpoints.UserInfoAsync)
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(BearerTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            .DisableAntiforgery();
        app.MapPost("/connect/revocation", SessionEndpoints.RevokeAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(TokenRateLimit);
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], SessionEndpoints.EndSessionAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    /// <summary>The issuer: configured, or this request's scheme and host (development).</summary>
    public static string IssuerFor(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<IdentityProviderOptions>>().Value.Issuer;
        return configured is { Length: > 0 } ? configured.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
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

    private static RateLimitPartition<string> PerAddress(HttpContext context, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}

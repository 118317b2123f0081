using System.Diagnostics;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Identity;
using ContactCenter.Server.Observability;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace ContactCenter.Server;

/// <summary>What every request goes through: problem documents, tenancy, authorization, pages, health.</summary>
public static class WebHost
{
    public static IHostApplicationBuilder AddWebHost(this IHostApplicationBuilder builder)
    {
        builder.AddLocalization();
        builder.AddRequestLimits();
        builder.AddTrustedProxies();
        builder.Services.AddSingleton<PublicOrigin>();
        // Every cookie (session, antiforgery, language) is Secure when the public origin is https.
        builder.Services.Configure<CookiePolicyOptions>(options => options.OnAppendCookie = context =>
            context.CookieOptions.Secure |= context.Context.RequestServices.GetRequiredService<PublicOrigin>().IsHttps);
        // German text stays readable in the page source: no entity for every umlaut.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("correlationId", Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier);
            ProblemTexts.Localize(context.ProblemDetails, context.HttpContext);
        });
        // Every endpoint needs an authenticated caller unless it says otherwise (sign-up, health, public pages).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddTenantRolePolicies();
        // Pages live in their feature folders beside the endpoints; each declares its absolute route.
        builder.Services.AddRazorPages(options => options.RootDirectory = "/");
        // Every API is described at /openapi/v1.json.
        builder.Services.AddOpenApi();
        // Health (live and ready), metrics and log scopes.
        builder.AddObservability();
        // Enumerations (days, channels) travel by name in the APIs.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication UseWebHost(this WebApplication app)
    {
        app.UseObservability();
        app.UseTrustedProxies();
        app.UseExceptionHandler();
        app.UseCookiePolicy();
        app.UseRequestLocalization();
        app.Use(SecurityHeaders);
        // The pages' scripts (wwwroot/js), public like the pages' markup; nothing in wwwroot is secret.
        app.UseStaticFiles();
        app.UseStatusCodePages(StatusPages.WriteAsync);
        app.UseTenancy();
        app.UseRouting();
        app.UseRequestLimits();
        app.UseRateLimiter();
        app.UseUserInfoPostsWithoutBody();
        app.UseAuthentication();
        app.UseMiddleware<Identity.TenantAccess>();
        app.UseMiddleware<CookieApiAntiforgery>(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        app.Use(RoutingRefusals);
        app.UseAuthorization();
        app.UseMiddleware<TextFieldGuard>();
        return app;
    }

    /// <summary>
    /// When no endpoint takes the request's media type (or method), routing picks an endpoint of its own that answers
    /// 415 (or 405). It carries no metadata, so the fallback policy asked an anonymous caller to sign in first (401):
    /// answer it before authorization instead. Nothing of ours is reached through it.
    /// </summary>
    private static Task RoutingRefusals(HttpContext context, RequestDelegate next) =>
        context.GetEndpoint() is { RequestDelegate: { } refusal } endpoint and not RouteEndpoint && endpoint.Metadata.Count == 0
            ? refusal(context)
            : next(context);

    /// <summary>On every response: no sniffing, no framing, no referrer leaks, and a CSP that allows only our own resources.</summary>
    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.RequestServices.GetRequiredService<PublicOrigin>().IsHttps)
            {
                // RFC 6797: browsers that reached us over https stay on https for a year.
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = ScriptNonce.PolicyOf(context);
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>Health and metrics, the browser's icon, the OpenAPI document and every feature's Razor pages.</summary>
    public static IEndpointRouteBuilder MapWebHost(this IEndpointRouteBuilder app)
    {
        app.MapObservability();
        app.MapIcon();
        app.MapOpenApi().AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    /// <summary>
    /// The icon browsers ask for on their own. Anonymous: under the fallback policy its request was redirected to the
    /// login page, whose render set a second antiforgery cookie that raced the real login page's one, and the
    /// sign-in that followed failed with 400.
    /// </summary>
    private static IEndpointRouteBuilder MapIcon(this IEndpointRouteBuilder app)
    {
        var icon = System.Text.Encoding.UTF8.GetBytes(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#1d3557\"/>"
            + "<path d=\"M3 5h10v7H3zM3 5l5 4 5-4\" fill=\"none\" stroke=\"#fff\"/></svg>");
        IResult Icon(HttpContext context)
        {
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(icon, "image/svg+xml");
        }

        app.MapGet("/favicon.ico", Icon).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/favicon.svg", Icon).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

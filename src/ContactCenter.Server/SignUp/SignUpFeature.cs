using System.Threading.RateLimiting;
using ContactCenter.Server.Tenancy.Provisioning;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace ContactCenter.Server.SignUp;

/// <summary>Self-registration: <c>POST /api/signup</c> and the <c>/signup</c> page.</summary>
public static class SignUpFeature
{
    public const string RateLimitPolicy = "signup";

    public static IHostApplicationBuilder AddSignUp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TenantProvisioner>();
        builder.Services.AddScoped<SignUpValidator>();
        builder.Services.AddScoped<SignUpService>();

        var permitsPerMinute = builder.Configuration.GetValue("SignUp:PermitsPerMinute", 10);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(RateLimitPolicy, context => context.RequestServices.GetRequiredService<Instances.SharedRateLimits>()
                .PerAddress(context, RateLimitPolicy, permitsPerMinute, TimeSpan.FromMinutes(1)));
            options.OnRejected = (context, _) =>
            {
                var texts = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SignUpTexts>>();
                return new ValueTask(Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: texts["TooManyRequestsTitle"],
                    detail: texts["TooManyRequestsDetail"]).ExecuteAsync(context.HttpContext));
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapSignUp(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/signup", SignUpAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("SignUp");
        return app;
    }

    public static string TenantPath(string slug) => $"/t/{slug}/";

    private static async Task<Results<Created<SignUpResponse>, ValidationProblem, ProblemHttpResult>> SignUpAsync(
        SignUpRequest request, SignUpService signUp, IStringLocalizer<SignUpTexts> texts, CancellationToken cancellationToken)
    {
        return await signUp.SignUpAsync(request, cancellationToken) switch
        {
            SignUpOutcome.Created created => TypedResults.Created(
                TenantPath(created.Tenant.Slug),
                new SignUpResponse(created.Tenant.Id, created.Tenant.Slug, created.Tenant.Name, created.Tenant.Status.ToString(), TenantPath(created.Tenant.Slug),
                    created.ConfirmationSent)),
            SignUpOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: texts["SignUpHasErrors"]),
            SignUpOutcome.SlugTaken taken => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: texts["AddressTakenTitle"], detail: texts["SlugTaken", taken.Slug]),
            SignUpOutcome.Failed failed => TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: texts["NotCreatedTitle"],
                detail: texts["NotCreatedDetail"],
                extensions: new Dictionary<string, object?> { ["correlationId"] = failed.CorrelationId }),
            _ => throw new InvalidOperationException("Unknown sign-up outcome."),
        };
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ContactCenter.Server;

/// <summary>
/// Bounds every request body: <c>Uploads:MaxRequestBytes</c> (default 10 MB) unless the endpoint names its own limit
/// (<see cref="IRequestSizeLimitMetadata"/>, the attachment uploads). A body declared larger is refused with 413 before
/// anything reads it; one that grows past the limit while streaming (Kestrel counts) or a form past it ends in a 413
/// problem document too. Forms spill to disk above 64 KB, so no upload is held in memory whole.
/// </summary>
public static class RequestLimits
{
    public const long DefaultMaxRequestBytes = 10L * 1024 * 1024;

    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        var limit = builder.Configuration.GetValue("Uploads:MaxRequestBytes", DefaultMaxRequestBytes);
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = limit);
        builder.Services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = limit);
        builder.Services.AddSingleton(new Limit(limit));
        builder.Services.AddExceptionHandler<TooLargeHandler>();
        return builder;
    }

    /// <summary>After routing, so the endpoint's own limit is known.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? context.RequestServices.GetRequiredService<Limit>().Bytes;
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context);
            return;
        }

        if (context.Request.HasFormContentType && context.Features.Get<IFormFeature>()?.Form is null)
        {
            var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<FormOptions>>().Value;
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
            {
                MultipartBodyLengthLimit = limit,
                MemoryBufferThreshold = options.MemoryBufferThreshold,
                ValueCountLimit = options.ValueCountLimit,
                ValueLengthLimit = options.ValueLengthLimit,
            }));
        }

        await next(context);
    });

    private static Task TooLargeAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge } }).AsTask();
    }

    private sealed record Limit(long Bytes);

    /// <summary>Kestrel's "body too large" while an endpoint reads, and a form past its multipart limit, as 413.</summary>
    private sealed class TooLargeHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var tooLarge = exception switch
            {
                Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
                // FormFeature's words for it; the only InvalidDataException a form read throws for its size.
                InvalidDataException invalid when invalid.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal) => true,
                _ => false,
            };
            if (!tooLarge || httpContext.Response.HasStarted)
            {
                return false;
            }

            await TooLargeAsync(httpContext);
            return true;
        }
    }
}

using ContactCenter.Server.Jobs;

namespace ContactCenter.Server.Forwarding;

/// <summary>
/// External forwarding and 2nd-level queries: the mail to external parties (<see cref="ExternalMail"/>), their answers
/// recognised in the ingest (<see cref="ExternalAnswers"/>), and the job that tells agents of forwards left unanswered.
/// The routes hang on the requests' API group (<see cref="ForwardingEndpoints"/>).
/// </summary>
public static class ForwardingFeature
{
    public static IHostApplicationBuilder AddForwarding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ExternalMail>();
        builder.Services.AddSingleton<ExternalAnswers>();
        builder.Services.AddRecurringJob<ForwardReminderJob>(ForwardReminderJob.Id, ForwardReminderJob.Cron, runAtStart: false);
        return builder;
    }
}

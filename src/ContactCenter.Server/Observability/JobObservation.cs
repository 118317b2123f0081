using System.Diagnostics;
using Hangfire.Server;

namespace ContactCenter.Server.Observability;

/// <summary>
/// A Hangfire server filter of this host: times every job by its type (<c>job_duration_seconds</c>) and puts the job's id
/// and type into the log scope of everything it logs (<see cref="Jobs.TenantJobs"/> adds the tenant's id).
/// </summary>
internal sealed class JobObservation(ContactCenterMetrics metrics, ILogger<JobObservation> logger) : IServerFilter
{
    private const string StartedKey = "cc:started";
    private const string ScopeKey = "cc:log-scope";

    public void OnPerforming(PerformingContext context)
    {
        context.Items[StartedKey] = Stopwatch.GetTimestamp();
        // Begun here and ended in OnPerformed: Hangfire calls both in the flow that runs the job, so its lines carry the scope.
        context.Items[ScopeKey] = logger.BeginScope(new Dictionary<string, object>
        {
            ["JobId"] = context.BackgroundJob.Id,
            ["JobType"] = JobType(context),
        });
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(StartedKey, out var started) && started is long timestamp)
        {
            metrics.JobRan(JobType(context), context.Exception is null && !context.Canceled, Stopwatch.GetElapsedTime(timestamp));
        }

        if (context.Items.TryGetValue(ScopeKey, out var scope))
        {
            (scope as IDisposable)?.Dispose();
        }
    }

    private static string JobType(PerformContext context) => context.BackgroundJob.Job?.Type.Name ?? "unknown";
}

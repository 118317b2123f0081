using Hangfire;
using Hangfire.Common;

namespace ContactCenter.Server.Jobs;

/// <summary>Work that Hangfire runs on a schedule; one class per job, created in a scope of its own for every run.</summary>
public interface IRecurringJob
{
    /// <summary>Runs once. Hangfire passes a token that is cancelled when the server stops.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>A recurring job as a feature declares it; <see cref="RecurringJobRegistration"/> writes it to the storage at start-up.</summary>
/// <param name="Id">Stable id: the storage keeps the schedule and the last run under it.</param>
/// <param name="JobType">The class that implements <see cref="IRecurringJob"/>.</param>
/// <param name="Cron">Cron expression, UTC; six fields for seconds.</param>
/// <param name="RunAtStart">Also enqueue one run at every start (work a stopped process may have left undone).</param>
/// <param name="Misfire">What happens to occurrences missed while no server ran: Relaxed (the default) runs one.</param>
public sealed record RecurringJobDefinition(string Id, Type JobType, string Cron, bool RunAtStart, MisfireHandlingMode Misfire)
{
    /// <summary>The Hangfire job: <see cref="IRecurringJob.RunAsync"/> of <see cref="JobType"/>.</summary>
    public Job Job => new(JobType, typeof(IRecurringJob).GetMethod(nameof(IRecurringJob.RunAsync))!, CancellationToken.None);
}

public static class RecurringJobs
{
    /// <summary>Declares a recurring job; any feature's <c>Add…</c> may call this, before or after <c>AddJobs</c>.</summary>
    public static IServiceCollection AddRecurringJob<TJob>(
        this IServiceCollection services, string id, string cron, bool runAtStart = false, MisfireHandlingMode misfire = MisfireHandlingMode.Relaxed)
        where TJob : class, IRecurringJob
    {
        services.AddScoped<TJob>();
        services.AddSingleton(new RecurringJobDefinition(id, typeof(TJob), cron, runAtStart, misfire));
        return services;
    }
}

/// <summary>
/// Writes every declared recurring job to the storage at start-up (on web-only instances too, so the schedules follow
/// the code that is deployed), and enqueues one run of those that ask for it. Instances starting together are safe:
/// Hangfire updates a recurring job under its own distributed lock.
/// </summary>
public sealed partial class RecurringJobRegistration(
    IEnumerable<RecurringJobDefinition> definitions, IRecurringJobManagerV2 recurringJobs, IBackgroundJobClient backgroundJobs,
    ILogger<RecurringJobRegistration> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Register(enqueueStartRuns: true);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes the schedules again (tests do after emptying the job tables).</summary>
    public void Register(bool enqueueStartRuns)
    {
        foreach (var definition in definitions)
        {
            recurringJobs.AddOrUpdate(definition.Id, definition.Job, definition.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = definition.Misfire });
            if (enqueueStartRuns && definition.RunAtStart)
            {
                backgroundJobs.Create(definition.Job, new Hangfire.States.EnqueuedState());
            }

            LogRegistered(definition.Id, definition.Cron);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {JobId} scheduled at {Cron}")]
    private partial void LogRegistered(string jobId, string cron);
}

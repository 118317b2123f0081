using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.Storage;

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
/// Hangfire updates a recurring job under its own distributed lock. When that lock is held (an instance that was killed
/// holding it leaves it until the storage lets it expire), the instance starts anyway and writes the schedules that
/// are left in the background until the lock is free.
/// </summary>
public sealed partial class RecurringJobRegistration(
    IEnumerable<RecurringJobDefinition> definitions, IRecurringJobManagerV2 recurringJobs, IBackgroundJobClient backgroundJobs,
    ILogger<RecurringJobRegistration> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource stopping = new();
    private Task retries = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var all = definitions.ToList();
        foreach (var definition in all.Where(d => d.RunAtStart))
        {
            backgroundJobs.Create(definition.Job, new Hangfire.States.EnqueuedState());
        }

        if (TryWrite(all) is { Count: > 0 } left)
        {
            retries = RetryAsync(left, stopping.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await retries.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the retries without disposing the token source, as <see cref="BackgroundService"/> does: a web application's
    /// own run loop disposes the services while a test host's <see cref="StopAsync"/> may still be on its way here.
    /// </summary>
    public void Dispose() => stopping.Cancel();

    /// <summary>Writes the schedules again (tests do after emptying the job tables); throws when a lock is held.</summary>
    public void Register()
    {
        foreach (var definition in definitions)
        {
            Write(definition);
        }
    }

    /// <summary>Writes the schedules up to the first one whose lock is held, and returns that one and the rest.</summary>
    private List<RecurringJobDefinition> TryWrite(List<RecurringJobDefinition> pending)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            try
            {
                Write(pending[i]);
            }
            catch (Exception exception) when (exception is DistributedLockTimeoutException or PostgreSqlDistributedLockException)
            {
                LogLockHeld(exception, pending[i].Id, RetryDelay.TotalSeconds);
                return pending[i..];
            }
        }

        return [];
    }

    private async Task RetryAsync(List<RecurringJobDefinition> pending, CancellationToken cancellationToken)
    {
        while (pending.Count > 0)
        {
            try
            {
                await Task.Delay(RetryDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                pending = TryWrite(pending);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The storage may be unreachable for a while too; the schedules are written when it is back.
                LogRetryFailed(exception, pending[0].Id);
            }
        }
    }

    private void Write(RecurringJobDefinition definition)
    {
        recurringJobs.AddOrUpdate(definition.Id, definition.Job, definition.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = definition.Misfire });
        LogRegistered(definition.Id, definition.Cron);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {JobId} scheduled at {Cron}")]
    private partial void LogRegistered(string jobId, string cron);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lock of recurring job {JobId} is held; its schedule and those after it are written again in {Seconds} s")]
    private partial void LogLockHeld(Exception exception, string jobId, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recurring job {JobId} could not be scheduled; it is tried again")]
    private partial void LogRetryFailed(Exception exception, string jobId);
}

using ContactCenter.Server.Jobs;

namespace ContactCenter.Server.Tenancy.Provisioning;

/// <summary>
/// Removes tenants whose provisioning a stopped process cut off. A recurring job (and one run at every start) rather
/// than a step of the start itself: instances starting together raced each other for the same tenants.
/// </summary>
// One run at a time across instances: two instances starting together each enqueue a run. The removal takes moments;
// a run waits up to a minute for the other to finish.
[Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed partial class RemoveAbandonedTenantsJob(TenantProvisioner provisioner, ILogger<RemoveAbandonedTenantsJob> logger) : IRecurringJob
{
    public const string Id = "tenancy:remove-abandoned-provisioning";

    /// <summary>Every quarter of an hour: as often as a provisioning can be declared abandoned.</summary>
    public const string Cron = "*/15 * * * *";

    /// <summary>Far longer than any provisioning takes, so a sign-up in progress on another instance is never touched.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(15);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var removed = await provisioner.RemoveAbandonedAsync(AbandonedAfter, cancellationToken);
        LogRemoved(removed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} tenants left half-provisioned")]
    private partial void LogRemoved(int count);
}

using ContactCenter.Server.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>A job of the tests that works on one tenant the way product jobs do: through <see cref="TenantJobs"/>.</summary>
public sealed partial class TenantNoteJob(TenantJobs tenants, ILogger<TenantNoteJob> logger)
{
    public const string Actor = "job:tenant-note";

    /// <summary>Writes <paramref name="note"/> as the tenant's description.</summary>
    public Task RunAsync(Guid tenantId, string note, CancellationToken cancellationToken) =>
        tenants.RunAsync(tenantId, Actor, async (db, ct) =>
        {
            var settings = await db.Settings.SingleAsync(ct);
            settings.Description = note;
            LogNoted(note);
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Noted {Note}")]
    private partial void LogNoted(string note);
}

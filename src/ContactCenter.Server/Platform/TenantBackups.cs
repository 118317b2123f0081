using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.SignUp;
using ContactCenter.Server.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Platform;

/// <summary>The slug given with <c>--as</c> is malformed, reserved or taken.</summary>
public sealed class RestoreSlugRefusedException(string message) : InvalidOperationException(message);

/// <summary>The restore failed; nothing it made is left, and the tenant it replaced is as before.</summary>
public sealed class TenantRestoreFailedException(string slug, Exception reason)
    : InvalidOperationException($"Restoring tenant '{slug}' failed; nothing was changed: {reason.Message}", reason);

/// <summary>What a restore did.</summary>
public sealed record TenantRestoreResult(string Slug, Guid Id, bool Replaced, string DatabaseServer, string DatabaseName);

/// <summary>
/// Backs a tenant up into one file (its catalog record, people and partners, and its database: pg_dump on PostgreSQL,
/// SQLite's online backup) and restores it: over the same tenant (its database replaced while it is suspended), as a
/// deleted tenant again, or as a new tenant with another slug. SQL Server: not supported, documented.
/// </summary>
public sealed partial class TenantBackups(
    CatalogDbContext catalog,
    DatabaseSettings settings,
    ITenantDatabases databases,
    TenantPlacement placement,
    TenantStore store,
    MailFetchDirectory fetchDirectory,
    TimeProvider time,
    ILogger<TenantBackups> logger)
{
    /// <summary>Writes the backup of the tenant to <paramref name="file"/> atomically; returns what it holds.</summary>
    /// <exception cref="TenantNotFoundException">No such tenant.</exception>
    /// <exception cref="TenantMoveRefusedException">SQL Server (not supported).</exception>
    public async Task<TenantBackupManifest> BackupAsync(string slug, string file, CancellationToken cancellationToken)
    {
        RefuseSqlServer("backup");
        var tenant = await catalog.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken) ?? throw new TenantNotFoundException(slug);
        if (tenant.Status is not (TenantStatus.Active or TenantStatus.Suspended))
        {
            throw new InvalidOperationException($"Tenant '{slug}' is {tenant.Status}; only an active or suspended tenant can be backed up.");
        }

        var members = await catalog.TenantMemberships.AsNoTracking().Where(m => m.TenantId == tenant.Id)
            .Select(m => new TenantBackupMember(m.UserId, m.User!.Email, m.Role)).ToListAsync(cancellationToken);
        var partners = await catalog.EscalationPartners.AsNoTracking().Where(p => p.TenantId == tenant.Id || p.SourceTenantId == tenant.Id)
            .Select(p => new TenantBackupPartner(p.TenantId, p.SourceTenantId)).ToListAsync(cancellationToken);
        var manifest = new TenantBackupManifest(TenantBackupManifest.FormatName, TenantBackupManifest.CurrentVersion, settings.Provider, tenant.Id, tenant.Slug,
            tenant.Name, tenant.CreatedAt, time.GetUtcNow().UtcDateTime, tenant.SchemaVersion, tenant.AllowsSignInForAllTenants, members, partners);

        var record = TenantRecord.From(tenant);
        var databaseFile = Path.GetTempFileName();
        try
        {
            if (databases is PostgresTenantDatabases postgres)
            {
                await PostgresTools.DumpAsync(postgres.DirectConnectionString(record.DatabaseServer, record.DatabaseName), databaseFile, cancellationToken);
            }
            else
            {
                await SqliteBackupAsync(((SqliteTenantDatabases)databases).ConnectionString(record), databaseFile, cancellationToken);
            }

            await TenantBackupFile.WriteAsync(file, manifest, databaseFile, cancellationToken);
        }
        finally
        {
            File.Delete(databaseFile);
        }

        LogBackedUp(slug, file);
        return manifest;
    }

    /// <summary>
    /// Restores the backup: over the tenant <paramref name="slug"/> names (which must be the backup's tenant), as that
    /// tenant again when it was deleted, or as a new tenant <paramref name="newSlug"/> beside the original.
    /// </summary>
    /// <exception cref="TenantBackupInvalidException">The file is missing, damaged, of another provider or of another tenant.</exception>
    /// <exception cref="RestoreSlugRefusedException"><paramref name="newSlug"/> is malformed, reserved or taken.</exception>
    /// <exception cref="TenantRestoreFailedException">A step failed; everything was rolled back.</exception>
    public async Task<TenantRestoreResult> RestoreAsync(string slug, string file, string? newSlug, IProgress<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        RefuseSqlServer("restore");
        if (newSlug is not null)
        {
            if (!SignUpValidator.IsValidSlug(newSlug))
            {
                throw new RestoreSlugRefusedException($"'{newSlug}' is no slug a tenant can have: 3 to 40 lower-case letters, digits and inner hyphens, not a name of the platform's own.");
            }

            if (await catalog.Tenants.AnyAsync(t => t.Slug == newSlug, cancellationToken))
            {
                throw new RestoreSlugRefusedException($"The slug '{newSlug}' is taken by another tenant.");
            }
        }

        var databaseFile = Path.GetTempFileName();
        try
        {
            var manifest = await TenantBackupFile.ReadAsync(file, settings.Provider, databaseFile, cancellationToken);
            if (!string.Equals(manifest.Slug, slug, StringComparison.Ordinal))
            {
                throw new TenantBackupInvalidException($"'{file}' is the backup of tenant '{manifest.Slug}', not of '{slug}'.");
            }

            progress.Report($"{slug}: backup of {manifest.BackedUpAt:yyyy-MM-dd HH:mm:ss} UTC, schema {manifest.SchemaVersion}");
            if (newSlug is not null)
            {
                return await CreateAsync(manifest, newSlug, Guid.CreateVersion7(), asCopy: true, databaseFile, progress, cancellationToken);
            }

            var existing = await catalog.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
            if (existing is null)
            {
                var id = await catalog.Tenants.AnyAsync(t => t.Id == manifest.Id, cancellationToken) ? Guid.CreateVersion7() : manifest.Id;
                return await CreateAsync(manifest, slug, id, asCopy: false, databaseFile, progress, cancellationToken);
            }

            return await ReplaceAsync(manifest, existing, databaseFile, progress, cancellationToken);
        }
        finally
        {
            File.Delete(databaseFile);
        }
    }

    /// <summary>The tenant's database is replaced by a new one made from the backup; the old one goes only after the switch.</summary>
    private async Task<TenantRestoreResult> ReplaceAsync(TenantBackupManifest manifest, Tenant tenant, string databaseFile, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (tenant.Id != manifest.Id)
        {
            throw new TenantBackupInvalidException($"The backup is of an earlier tenant '{manifest.Slug}' (id {manifest.Id}); the tenant of that slug now is another ({tenant.Id}). Use --as <new slug>.");
        }

        if (tenant.Status is not (TenantStatus.Active or TenantStatus.Suspended))
        {
            throw new InvalidOperationException($"Tenant '{tenant.Slug}' is {tenant.Status}; only an active or suspended tenant can be restored over.");
        }

        var old = TenantRecord.From(tenant);
        var restored = old with { DatabaseName = RestoredDatabaseName(old.Id) };
        var wasActive = tenant.Status == TenantStatus.Active;
        var created = false;
        try
        {
            if (wasActive)
            {
                progress.Report($"{tenant.Slug}: suspending");
                await SetStatusAsync(tenant, TenantStatus.Suspended, cancellationToken);
            }

            progress.Report($"{tenant.Slug}: restoring the database into {restored.DatabaseServer}/{restored.DatabaseName}");
            created = true;
            var schemaVersion = await RestoreDatabaseAsync(restored, databaseFile, cancellationToken);

            progress.Report($"{tenant.Slug}: switching to the restored database");
            tenant.DatabaseName = restored.DatabaseName;
            tenant.SchemaVersion = schemaVersion;
            tenant.Name = manifest.Name;
            tenant.AllowsSignInForAllTenants = manifest.AllowsSignInForAllTenants;
            await catalog.SaveChangesAsync(cancellationToken);
            store.Invalidate(tenant.Slug);
        }
        catch (Exception failure)
        {
            LogRestoreFailed(failure, tenant.Slug);
            catalog.ChangeTracker.Clear();
            if (created)
            {
                await databases.DropAsync(restored, CancellationToken.None);
            }

            if (wasActive)
            {
                await catalog.Tenants.Where(t => t.Id == old.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Active), CancellationToken.None);
            }

            store.Invalidate(old.Slug);
            throw new TenantRestoreFailedException(old.Slug, failure);
        }

        progress.Report($"{tenant.Slug}: dropping the replaced database {old.DatabaseServer}/{old.DatabaseName}");
        await databases.DropAsync(old, CancellationToken.None);
        await SyncMailAccountsAsync(restored, cancellationToken);
        if (wasActive)
        {
            progress.Report($"{tenant.Slug}: resuming");
            await SetStatusAsync(tenant, TenantStatus.Active, CancellationToken.None);
        }

        LogRestored(tenant.Slug, tenant.Id);
        return new TenantRestoreResult(tenant.Slug, tenant.Id, true, restored.DatabaseServer, restored.DatabaseName);
    }

    /// <summary>A tenant row from the backup (a deleted tenant again, or a copy under a new slug), all or nothing.</summary>
    private async Task<TenantRestoreResult> CreateAsync(
        TenantBackupManifest manifest, string slug, Guid id, bool asCopy, string databaseFile, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var tenant = new Tenant
        {
            Id = id,
            Slug = slug,
            Name = manifest.Name,
            CreatedAt = asCopy ? time.GetUtcNow().UtcDateTime : manifest.CreatedAt,
            AllowsSignInForAllTenants = manifest.AllowsSignInForAllTenants,
            DatabaseServer = await placement.ChooseServerAsync(cancellationToken),
            DatabaseName = databases.DatabaseNameFor(id),
        };
        var record = TenantRecord.From(tenant);
        var registered = false;
        var created = false;
        try
        {
            progress.Report($"{slug}: registering tenant {id} on server {tenant.DatabaseServer}");
            catalog.Tenants.Add(tenant);
            await catalog.SaveChangesAsync(cancellationToken);
            registered = true;

            progress.Report($"{slug}: restoring the database into {record.DatabaseServer}/{record.DatabaseName}");
            created = true;
            tenant.SchemaVersion = await RestoreDatabaseAsync(record, databaseFile, cancellationToken);

            await AddMembersAsync(id, manifest.Members, cancellationToken);
            if (!asCopy)
            {
                await AddPartnersAsync(manifest, id, cancellationToken);
            }

            tenant.Status = TenantStatus.Active;
            await catalog.SaveChangesAsync(cancellationToken);
        }
        catch (Exception failure)
        {
            LogRestoreFailed(failure, slug);
            catalog.ChangeTracker.Clear();
            if (created)
            {
                await databases.DropAsync(record, CancellationToken.None);
            }

            if (registered)
            {
                await catalog.EscalationPartners.Where(p => p.TenantId == id || p.SourceTenantId == id).ExecuteDeleteAsync(CancellationToken.None);
                await catalog.TenantMemberships.Where(m => m.TenantId == id).ExecuteDeleteAsync(CancellationToken.None);
                await catalog.Tenants.Where(t => t.Id == id).ExecuteDeleteAsync(CancellationToken.None);
            }

            store.Invalidate(slug);
            throw new TenantRestoreFailedException(slug, failure);
        }

        store.Invalidate(slug);
        if (!asCopy)
        {
            // A copy's accounts keep the original's ids, which the fetch directory holds for the original: a copy fetches no mail.
            await SyncMailAccountsAsync(record, cancellationToken);
        }

        LogRestored(slug, id);
        progress.Report($"{slug}: active");
        return new TenantRestoreResult(slug, id, false, record.DatabaseServer, record.DatabaseName);
    }

    /// <summary>Creates the database, loads the backup into it and brings its schema up to date; returns the schema version.</summary>
    private async Task<string?> RestoreDatabaseAsync(TenantRecord record, string databaseFile, CancellationToken cancellationToken)
    {
        await databases.CreateAsync(record, cancellationToken);
        if (databases is PostgresTenantDatabases postgres)
        {
            await PostgresTools.RestoreAsync(databaseFile, postgres.DirectConnectionString(record.DatabaseServer, record.DatabaseName), cancellationToken);
        }
        else
        {
            await SqliteRestoreAsync(databaseFile, ((SqliteTenantDatabases)databases).ConnectionString(record), cancellationToken);
        }

        await using var db = databases.Open(record);
        if (!(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            // pg_restore reads a dump with a damaged table of contents as an empty one, and succeeds.
            throw new TenantBackupInvalidException("the backup's database holds no tenant database (no applied migrations): it is damaged.");
        }

        await db.Database.MigrateAsync(cancellationToken);
        return (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
    }

    private async Task AddMembersAsync(Guid tenantId, IReadOnlyList<TenantBackupMember> members, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            // The person by id, else by address (a user deleted and signed up again); people who are gone are left out.
            var userId = await catalog.Users.Where(u => u.Id == member.UserId).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken)
                ?? (member.Email is null ? null : await catalog.Users.Where(u => u.Email == member.Email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken));
            if (userId is { } id && !catalog.TenantMemberships.Local.Any(m => m.UserId == id))
            {
                catalog.TenantMemberships.Add(new TenantMembership { TenantId = tenantId, UserId = id, Role = member.Role });
            }
        }
    }

    private async Task AddPartnersAsync(TenantBackupManifest manifest, Guid id, CancellationToken cancellationToken)
    {
        foreach (var partner in manifest.EscalationPartners)
        {
            var (accepting, source) = (partner.TenantId == manifest.Id ? id : partner.TenantId, partner.SourceTenantId == manifest.Id ? id : partner.SourceTenantId);
            var other = accepting == id ? source : accepting;
            if (other != id && await catalog.Tenants.AnyAsync(t => t.Id == other, cancellationToken))
            {
                catalog.EscalationPartners.Add(new EscalationPartner { TenantId = accepting, SourceTenantId = source });
            }
        }
    }

    private async Task SyncMailAccountsAsync(TenantRecord record, CancellationToken cancellationToken)
    {
        await using var db = databases.Open(record);
        await fetchDirectory.SyncTenantAsync(record.Id, db, cancellationToken);
    }

    private async Task SetStatusAsync(Tenant tenant, TenantStatus status, CancellationToken cancellationToken)
    {
        await catalog.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, status), cancellationToken);
        tenant.Status = status;
        catalog.Entry(tenant).Property(t => t.Status).IsModified = false;
        store.Invalidate(tenant.Slug);
    }

    /// <summary>A name beside the tenant's usual one, so the old database stays until the restored one has taken over.</summary>
    private string RestoredDatabaseName(Guid id) => databases.DatabaseNameFor(id) + "_" + Guid.NewGuid().ToString("N")[..8];

    private void RefuseSqlServer(string what)
    {
        if (settings.Provider == DatabaseProvider.SqlServer)
        {
            throw new TenantMoveRefusedException(
                $"tenants {what} is not supported on SQL Server yet: use BACKUP DATABASE / RESTORE DATABASE (or a bacpac on Azure SQL) " +
                "for the tenant's database and keep its catalog row; see docs/deployment.md.");
        }
    }

    /// <summary>SQLite's online backup: a consistent copy while the server goes on writing.</summary>
    private static async Task SqliteBackupAsync(string connectionString, string file, CancellationToken cancellationToken)
    {
        await using var source = new SqliteConnection(connectionString);
        await source.OpenAsync(cancellationToken);
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await target.OpenAsync(cancellationToken);
        source.BackupDatabase(target);
        // One file, no WAL beside it: the backup is what the archive holds.
        await using var command = target.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Checks the file is an intact SQLite database, then copies it into the (new, empty) tenant database.</summary>
    /// <exception cref="TenantBackupInvalidException">The database in the backup is damaged.</exception>
    private static async Task SqliteRestoreAsync(string file, string connectionString, CancellationToken cancellationToken)
    {
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        try
        {
            await source.OpenAsync(cancellationToken);
            await using var check = source.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            var result = (string?)await check.ExecuteScalarAsync(cancellationToken);
            if (result != "ok")
            {
                throw new TenantBackupInvalidException($"The database in the backup is damaged: {result}");
            }
        }
        catch (SqliteException damaged)
        {
            throw new TenantBackupInvalidException($"The database in the backup is damaged: {damaged.Message}", damaged);
        }

        await using var target = new SqliteConnection(connectionString);
        await target.OpenAsync(cancellationToken);
        source.BackupDatabase(target);
        await using var wal = target.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        await wal.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Slug} backed up to {File}")]
    private partial void LogBackedUp(string slug, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Slug} ({TenantId}) restored from a backup")]
    private partial void LogRestored(string slug, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restoring tenant {Slug} failed; rolling back")]
    private partial void LogRestoreFailed(Exception exception, string slug);
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Connections;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.Tenancy;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.MailFetching;

/// <summary>
/// Fetches mail into requests, every <see cref="MailFetchSettings.FetchInterval"/>: a cycle leases the enabled accounts
/// of the active tenants from the catalog's fetch directory, signs in to each, and goes round them, taking at most each
/// account's weighting of messages per round, until all are empty or the cycle's budget is spent — so one full mailbox
/// never starves the others. Runs on every instance whose <c>Jobs:Enabled</c> and <c>Mail:FetchEnabled</c> are true.
/// <para>
/// One account is fetched by one instance at a time: its lease in the catalog is taken by a conditional update, renewed
/// every round and given back at the end of the cycle; a dead holder's lease runs out after
/// <see cref="MailFetchSettings.FetchLease"/>. Exactly once does not rest on the lease, though: every message is
/// committed with its receipt (unique per account, UIDVALIDITY and UID) before its server copy is flagged, moved or
/// deleted, so a fetch again after a crash, or by a second holder, creates nothing twice.
/// </para>
/// </summary>
public sealed partial class MailFetchCycle(
    IServiceScopeFactory scopes, MailFetchSettings settings, MailIngest ingest, TenantDatabaseFactory tenants, IDataProtectionProvider protection,
    IConfiguration configuration, PublicAddressPolicy addressPolicy, JobStorage jobStorage, TimeProvider time, ILogger<MailFetchCycle> logger) : BackgroundService
{
    public const string Actor = "job:mail-fetch";

    /// <summary>Hangfire's distributed lock that lets one instance at a time write the fetch directory.</summary>
    public const string DirectoryLock = "contactcenter:mail-fetch-directory";

    /// <summary>This instance's name in the leases.</summary>
    public string Holder { get; } = $"{Environment.ProcessId}/{Guid.NewGuid():N}/{Environment.MachineName}" is var name && name.Length > MailFetchAccount.LeaseHolderMaxLength
        ? name[..MailFetchAccount.LeaseHolderMaxLength]
        : name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ca = configuration[MailConnectionTester.ExtraTrustedCaKey] is { Length: > 0 } file ? MailConnectionSettings.ReadCertificateAuthority(file) : null;
        var connection = new MailConnectionSettings { ExtraTrustedCa = ca, Timeout = settings.FetchTimeout, AddressPolicy = addressPolicy };
        var synced = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                if (time.GetUtcNow() - synced >= settings.DirectorySyncInterval)
                {
                    await SyncDirectoryAsync(stoppingToken);
                    synced = time.GetUtcNow();
                }

                more = await RunCycleAsync(connection, stoppingToken);
            }
            catch (Exception failed) when (!stoppingToken.IsCancellationRequested)
            {
                // The catalog is down, most likely: the next cycle tries again; nothing was taken from a server unsaved.
                LogCycleFailed(failed);
            }

            if (!more)
            {
                try
                {
                    await Task.Delay(settings.FetchInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One cycle; true when it ran out of time with mail left.</summary>
    private async Task<bool> RunCycleAsync(MailConnectionSettings connection, CancellationToken cancellationToken)
    {
        List<MailFetchAccount> rows;
        var now = time.GetUtcNow().UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            rows = await catalog.MailFetchAccounts.AsNoTracking()
                .Where(a => a.Enabled && (a.LeaseHolder == null || a.LeaseHolder == Holder || a.LeaseExpiresAt < now))
                .Where(a => a.TenantId == null || catalog.Tenants.Any(t => t.Id == a.TenantId && t.Status == TenantStatus.Active))
                .ToListAsync(cancellationToken);
        }

        // In another order on every instance, so that two instances starting together share the accounts.
        var shuffled = rows.ToArray();
        Random.Shared.Shuffle(shuffled);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.FetchConcurrency, CancellationToken = cancellationToken };
        var fetches = new ConcurrentBag<Fetch>();
        List<Fetch>? open = null;
        try
        {
            await Parallel.ForEachAsync(shuffled, parallel, async (row, ct) =>
            {
                if (await StartAsync(row, connection, ct) is { } fetch)
                {
                    fetches.Add(fetch);
                }
            });
            open = [.. fetches];
            // Round after round: every account with mail has its round before any has the next one, so a full mailbox
            // never gets ahead of the others. An account with nothing (more) to take is given back at once: its lease,
            // its connection and its status do not wait for the others.
            var deadline = time.GetUtcNow() + settings.FetchBudget;
            while (true)
            {
                foreach (var done in open.Where(f => !HasWork(f)).ToList())
                {
                    open.Remove(done);
                    await EndAsync(done);
                }

                if (open.Count == 0)
                {
                    return false;
                }

                if (time.GetUtcNow() >= deadline)
                {
                    return true;
                }

                await Parallel.ForEachAsync(open, parallel, (fetch, ct) => new ValueTask(RoundAsync(fetch, ct)));
            }
        }
        finally
        {
            // What the loop did not give back: the budget ran out, the cycle was cancelled, or starting failed half-way.
            foreach (var fetch in open ?? [.. fetches])
            {
                await EndAsync(fetch);
            }
        }
    }

    private static bool HasWork(Fetch fetch) => fetch.Account.HasWork && fetch.Failure is null;

    private async Task<Fetch?> StartAsync(MailFetchAccount row, MailConnectionSettings connection, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        var fetch = new Fetch(scope, new AccountFetch(row, Holder, scope.ServiceProvider.GetRequiredService<CatalogDbContext>(), time, settings.FetchLease));
        try
        {
            if (!await fetch.Account.TryLeaseAsync(cancellationToken))
            {
                await scope.DisposeAsync();
                return null;
            }

            if (row.TenantId is not { } tenantId)
            {
                // A global account's receipts are in the tenants' databases its mail went to: its flags say what is in.
                if (await GlobalTargetAsync(row, fetch.Catalog, cancellationToken) is { } global)
                {
                    await fetch.Account.StartAsync(global, connection, null, cancellationToken);
                }

                return fetch;
            }

            fetch.Db = await tenants.OpenAsync(tenantId, cancellationToken);
            fetch.Db.Actor = Actor;
            var target = await TargetAsync(row, tenantId, fetch.Db, cancellationToken);
            if (target is null)
            {
                // Disabled or deleted since the directory was written; the next sync drops or disables the row.
                return fetch;
            }

            var db = fetch.Db;
            await fetch.Account.StartAsync(target, connection, (uidValidity, uids, ct) => MailIngest.ReceivedAsync(db, target.AccountId, uidValidity, uids, ct), cancellationToken);
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            fetch.Failure = failed;
            LogAccountFailed(failed, row.AccountId);
        }

        return fetch;
    }

    private async Task RoundAsync(Fetch fetch, CancellationToken cancellationToken)
    {
        try
        {
            await fetch.Account.RoundAsync((target, uidValidity, messages, ct) => IngestRoundAsync(fetch, target, uidValidity, messages, ct), cancellationToken);
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            // The database failed (or is down): this account waits for the next cycle; what was not committed stays on the server.
            fetch.Failure = failed;
            LogAccountFailed(failed, fetch.Account.Row.AccountId);
        }
    }

    /// <summary>
    /// A tenant account's round goes into its database in one transaction. Should one of its messages make that fail
    /// while the database answers, the round is taken message by message, so that only that one goes to quarantine. A
    /// global account's messages go to the tenants their tokens name, one by one.
    /// </summary>
    private async Task IngestRoundAsync(Fetch fetch, FetchTarget target, long uidValidity, IReadOnlyList<InboxMessage> messages, CancellationToken cancellationToken)
    {
        if (fetch.Account.Row.TenantId is { } tenantId)
        {
            var mails = messages.Select(m => new IncomingMail(new IngestSource(target.AccountId, target.Name, uidValidity, m.Uid, target.PartitionId), m.Raw)).ToList();
            try
            {
                await ingest.IngestRoundAsync(fetch.Db!, tenantId, mails, cancellationToken);
                return;
            }
            catch (Exception failed) when (!IsInfrastructure(failed))
            {
                LogRoundFailed(failed, target.AccountId);
            }
        }

        foreach (var message in messages)
        {
            await IngestAsync(fetch, target, uidValidity, message, cancellationToken);
        }
    }

    private async Task<IngestResult> IngestAsync(Fetch fetch, FetchTarget target, long uidValidity, InboxMessage message, CancellationToken cancellationToken)
    {
        var source = new IngestSource(target.AccountId, target.Name, uidValidity, message.Uid, target.PartitionId);
        if (fetch.Account.Row.TenantId is { } tenantId)
        {
            return await IngestIntoTenantAsync(fetch.Db!, tenantId, source, message, cancellationToken);
        }

        // A global account: the request token in the message's addresses or references names the tenant.
        if (await fetch.Scope.ServiceProvider.GetRequiredService<MailTokenDirectory>().FindTenantAsync(message.Raw, cancellationToken) is { } owner)
        {
            await using var db = await tenants.OpenAsync(owner, cancellationToken);
            db.Actor = Actor;
            return await IngestIntoTenantAsync(db, owner, source with { PartitionId = null }, message, cancellationToken);
        }

        return await QuarantineGloballyAsync(fetch.Catalog, source, message, cancellationToken);
    }

    /// <summary>Keeps a global account's message that names no tenant in the catalog's quarantine, once.</summary>
    private async Task<IngestResult> QuarantineGloballyAsync(CatalogDbContext catalog, IngestSource source, InboxMessage message, CancellationToken cancellationToken)
    {
        const string reason = "The message carries no request token of any tenant.";
        var exists = catalog.GlobalQuarantine.Where(q => q.AccountId == source.AccountId && q.UidValidity == source.UidValidity && q.Uid == source.Uid);
        if (await exists.AnyAsync(cancellationToken))
        {
            return new IngestResult(IngestOutcome.AlreadyReceived);
        }

        catalog.GlobalQuarantine.Add(new GlobalQuarantinedMail
        {
            AccountId = source.AccountId, UidValidity = source.UidValidity, Uid = source.Uid,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(message.Raw)), Size = message.Raw.LongLength, Content = message.Raw,
            ReceivedAt = time.GetUtcNow().UtcDateTime, ReasonCode = RequestFromMail.UnroutableCode, Reason = reason,
        });
        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            catalog.ChangeTracker.Clear();
            if (!await exists.AnyAsync(cancellationToken))
            {
                throw;
            }

            // Another holder kept it first (after a lease ran out).
            return new IngestResult(IngestOutcome.AlreadyReceived);
        }

        catalog.ChangeTracker.Clear();
        return new IngestResult(IngestOutcome.Quarantined, null, reason);
    }

    private async Task<IngestResult> IngestIntoTenantAsync(TenantDbContext db, Guid tenantId, IngestSource source, InboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await ingest.IngestAsync(db, tenantId, source, message.Raw, cancellationToken);
        }
        catch (Exception failed) when (!IsInfrastructure(failed))
        {
            // The message itself made the ingest fail while the database answers: it goes to quarantine with the failure
            // as its reason rather than holding up its account.
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                throw;
            }

            LogMessageFailed(failed, source.AccountId, message.Uid);
            return await ingest.QuarantineFailedAsync(db, tenantId, source, message.Raw, failed, cancellationToken);
        }
    }

    private async Task EndAsync(Fetch fetch)
    {
        // Given back even when the cycle is cancelled (the server shuts down), within the fetch timeout.
        using var timeout = new CancellationTokenSource(settings.FetchTimeout);
        try
        {
            await fetch.Account.EndAsync(fetch.Failure, timeout.Token);
        }
        catch (Exception failed) when (failed is DbException or DbUpdateException or OperationCanceledException or InvalidOperationException)
        {
            // The catalog is down: the lease runs out by itself.
            LogAccountFailed(failed, fetch.Account.Row.AccountId);
        }
        finally
        {
            if (fetch.Db is not null)
            {
                await fetch.Db.DisposeAsync();
            }

            await fetch.Scope.DisposeAsync();
        }
    }

    private async Task<FetchTarget?> GlobalTargetAsync(MailFetchAccount row, CatalogDbContext catalog, CancellationToken cancellationToken)
    {
        var account = await catalog.GlobalSystemAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == row.AccountId, cancellationToken);
        return account is not { Host: { Length: > 0 } host, UserName: { } user }
            ? null
            : new FetchTarget(
                account.Id, account.Name, Protocol(account.Protocol), Endpoint(host, account.Port, account.TlsMode, user, account.ProtectedSecret, null),
                account.Folder, account.Weighting, account.KeepOnServer, null, null);
    }

    private async Task<FetchTarget?> TargetAsync(MailFetchAccount row, Guid tenantId, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (row.Kind == MailFetchAccountKind.Inbound)
        {
            var account = await db.InboundAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == row.AccountId, cancellationToken);
            return account is not { Enabled: true }
                ? null
                : new FetchTarget(
                    account.Id, account.Name, Protocol(account.Protocol),
                    Endpoint(account.Host, account.Port, account.TlsMode, account.UserName, account.ProtectedSecret, tenantId), account.Folder,
                    account.Weighting, account.KeepOnServer, account.ImportedFolder, account.PartitionId);
        }

        var system = await db.SystemAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == row.AccountId, cancellationToken);
        return system is not { Host: { Length: > 0 } host, UserName: { } user }
            ? null
            : new FetchTarget(
                system.Id, system.Name, Protocol(system.Protocol), Endpoint(host, system.Port, system.TlsMode, user, system.ProtectedSecret, tenantId),
                system.Folder, system.Weighting, system.KeepOnServer, null, null);
    }

    private MailEndpoint Endpoint(string host, int port, MailTlsMode tls, string user, string? protectedSecret, Guid? tenantId)
    {
        if (protectedSecret is null)
        {
            throw new MailFetchException("The account has no password.");
        }

        string password;
        try
        {
            password = tenantId is { } id
                ? MailSecrets.Unprotect(protection, id, protectedSecret)
                : MailSecrets.GlobalProtector(protection).Unprotect(protectedSecret);
        }
        catch (CryptographicException unreadable)
        {
            throw new MailFetchException("The account's password cannot be decrypted; enter it again.", unreadable);
        }

        return new MailEndpoint(host, port, MailConnectionTester.Security(tls), user, password);
    }

    private static InboxProtocol Protocol(MailProtocol protocol) => protocol == MailProtocol.Imap ? InboxProtocol.Imap : InboxProtocol.Pop3;

    /// <summary>A failure of the database, the file store or the network, not of the message being ingested.</summary>
    private static bool IsInfrastructure(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is DbException or DbUpdateException or IOException or SocketException or TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes every active tenant's accounts and the global accounts into the fetch directory again — on one instance at a
    /// time (Hangfire's distributed lock in the job storage); an instance that finds another one at it leaves it to that one.
    /// </summary>
    private async Task SyncDirectoryAsync(CancellationToken cancellationToken)
    {
        using var storage = jobStorage.GetConnection();
        IDisposable held;
        try
        {
            held = storage.AcquireDistributedLock(DirectoryLock, TimeSpan.FromSeconds(1));
        }
        catch (DistributedLockTimeoutException)
        {
            return;
        }

        using (held)
        {
            await SyncAllAsync(cancellationToken);
        }
    }

    private async Task SyncAllAsync(CancellationToken cancellationToken)
    {
        List<Guid> active;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            active = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).Select(t => t.Id).ToListAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<MailFetchDirectory>().SyncGlobalAsync(cancellationToken);
        }

        foreach (var tenantId in active)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await using var db = await tenants.OpenAsync(tenantId, cancellationToken);
                await scope.ServiceProvider.GetRequiredService<MailFetchDirectory>().SyncTenantAsync(tenantId, db, cancellationToken);
            }
            catch (Exception failed) when (failed is DbException or DbUpdateException or TenantNotFoundException)
            {
                // One tenant's database (or a concurrent sync by another instance) does not stop the others.
                LogSyncFailed(failed, tenantId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The mail fetch cycle failed; the next one tries again")]
    private partial void LogCycleFailed(Exception failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching account {AccountId} failed; the next cycle tries again")]
    private partial void LogAccountFailed(Exception failure, Guid accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of account {AccountId} could not be processed together; its messages are taken one by one")]
    private partial void LogRoundFailed(Exception failure, Guid accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {Uid} of account {AccountId} could not be processed; it is in quarantine")]
    private partial void LogMessageFailed(Exception failure, Guid accountId, string uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fetch directory of tenant {TenantId} could not be synchronised")]
    private partial void LogSyncFailed(Exception failure, Guid tenantId);

    /// <summary>One account's fetch with what it needs for the cycle: its scope (catalog context) and tenant database.</summary>
    private sealed class Fetch(AsyncServiceScope scope, AccountFetch account)
    {
        public AsyncServiceScope Scope => scope;

        public AccountFetch Account => account;

        /// <summary>The catalog context of this account's fetch (its lease, and a global account's quarantine).</summary>
        public CatalogDbContext Catalog => scope.ServiceProvider.GetRequiredService<CatalogDbContext>();

        public TenantDbContext? Db { get; set; }

        public Exception? Failure { get; set; }
    }
}

/// <summary>An account cannot be fetched for a reason of its configuration (no password, an unreadable one).</summary>
public sealed class MailFetchException : Exception
{
    public MailFetchException(string message)
        : base(message)
    {
    }

    public MailFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using System.Diagnostics;
using ContactCenter.Server.Tests.Support;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.MailFetching;

/// <summary>
/// The fetch cycle in server processes of their own against the dev Dovecot: killed with SIGKILL mid-fetch and started
/// again, two instances on one catalog, the database gone for 30 s — and afterwards every mail is exactly one request
/// message (none lost, none twice) and every server copy of an IMAP account carries <c>$ContactCenter</c>.
/// </summary>
public abstract class FetchUnderFaultsShould<TFixture>(TFixture server)
    where TFixture : FetchProcessFixture
{
    private const string Keyword = "$ContactCenter";
    private static readonly TimeSpan AllInLimit = TimeSpan.FromMinutes(5);

    /// <summary>POP3 users of this provider's tests (each provider its own: the two classes may run side by side).</summary>
    protected abstract string[] PopUsers { get; }

    [Fact]
    public async Task TakeEveryMailExactlyOnceWhenTheServerIsKilledMidFetch()
    {
        var run = await PrepareAsync(tenants: 5, imapAccounts: 10, PopUsers, messages: 2_000);
        var random = new Random();
        await using var process = NewProcess(run);
        var clock = Stopwatch.StartNew();
        await process.StartAsync();
        for (var kill = 1; kill <= 5; kill++)
        {
            // A random number of mails into the fetch, then a random moment later.
            var before = await CountAsync(run);
            var target = before + random.Next(20, 150);
            var reached = await Poll.UntilAsync(() => CountAsync(run), count => count >= target, $"{target} request messages before kill {kill}", AllInLimit);
            await Task.Delay(random.Next(0, 300));
            await process.KillAsync();
            Assert.True(reached < run.Messages.Count, $"All {run.Messages.Count} mails were in before kill {kill}: the kills came too late to test anything.");
            Log($"kill {kill} at {clock.Elapsed.TotalSeconds:F1} s, {reached} in");
            await process.StartAsync();
        }

        await WaitUntilAllInAsync(run);
        Log($"{run.Messages.Count} mails in after {clock.Elapsed.TotalSeconds:F1} s with 5 kills ({process.Starts} starts)");

        await AssertExactlyOnceAsync(run);
        await RemoveMailAsync(run);
    }

    [Fact]
    public async Task TakeEveryMailExactlyOnceWhenTheDatabaseIsUnavailableFor30Seconds()
    {
        var run = await PrepareAsync(tenants: 2, imapAccounts: 4, [], messages: 600);
        await using var outage = DatabaseOutage.For(server);
        await using var process = new ServerProcess(WithFetching(outage.Settings(server.ProcessSettings())), LogFile(run));
        await process.StartAsync();

        var before = await Poll.UntilAsync(() => CountAsync(run), count => count >= 50, "the first 50 request messages", AllInLimit);
        Assert.True(before < run.Messages.Count, "All mails were in before the outage.");
        await outage.BeginAsync();
        Log($"outage from {before} in");
        // The outage's length, not a wait for a result.
        await Task.Delay(TimeSpan.FromSeconds(30));
        await outage.EndAsync();
        Log($"outage over at {await CountAsync(run)} in");
        Assert.True(process.IsRunning, $"The server process died during the outage; see {process.LogFile}.");

        // Mail that arrives after the outage is fetched too: the cycle resumed.
        var first = run.Messages.Count;
        await AppendAsync(run, [.. run.Accounts.Select((a, index) => (a, Enumerable.Range(first + (index * 10), 10).ToList()))]);
        await WaitUntilAllInAsync(run);

        await AssertExactlyOnceAsync(run);
        await RemoveMailAsync(run);
    }

    protected ServerProcess NewProcess(Run run) => new(WithFetching(server.ProcessSettings()), LogFile(run));

    protected static Dictionary<string, string> WithFetching(Dictionary<string, string> settings)
    {
        settings["Jobs:Enabled"] = "true";
        settings["Mail:FetchEnabled"] = "true";
        settings["Mail:FetchInterval"] = "00:00:02";
        settings["Mail:FetchLease"] = "00:00:05";
        // The lease's renewal is the only sign of life: a round must not outlast it by much.
        settings["Mail:FetchTimeout"] = "00:00:20";
        return settings;
    }

    protected static string LogFile(Run run) => Path.Combine(Path.GetTempPath(), $"cc-fetch-{run.Id}.log");

    protected static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>
    /// Signs up the tenants and gives them the accounts round-robin: IMAP accounts on folders of the bench user named
    /// for this run, POP3 accounts on the emptied INBOX of <paramref name="popUsers"/>; then fills them with the mails.
    /// </summary>
    protected async Task<Run> PrepareAsync(int tenants, int imapAccounts, string[] popUsers, int messages)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var slugs = new List<string>();
        var tenantIds = new List<Guid>();
        for (var i = 0; i < tenants; i++)
        {
            var slug = await server.SignUpAsync();
            slugs.Add(slug);
            tenantIds.Add(await TenantApi.TenantIdAsync(server, slug));
        }

        var accounts = new List<TestAccount>();
        await using (var bench = await TestMailbox.OpenAsync("bench"))
        {
            for (var i = 0; i < imapAccounts; i++)
            {
                var folder = $"ff-{id}-{i}";
                await bench.CreateFolderAsync(folder);
                accounts.Add(new TestAccount("bench", folder, Pop: false));
            }
        }

        foreach (var user in popUsers)
        {
            await using var mailbox = await TestMailbox.OpenAsync(user);
            await mailbox.EmptyAsync("INBOX");
            accounts.Add(new TestAccount(user, "INBOX", Pop: true));
        }

        var host = TestMailbox.Host;
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            var slug = slugs[i % tenants];
            using var admin = await TenantClients.AdministratorAsync(server, slug);
            await TenantApi.CreateAsync(admin, $"/t/{slug}/api/mail-accounts/inbound", new
            {
                name = $"Account {i} {account.User}",
                protocol = account.Pop ? "pop3" : "imap",
                host,
                port = TestMailbox.Port(account.Pop ? "CC_MAIL_POP3S_PORT" : "CC_MAIL_IMAPS_PORT"),
                tlsMode = "implicit",
                userName = TestMailbox.AddressOf(account.User),
                secret = TestMailbox.PasswordOf(account.User),
                folder = account.Pop ? null : account.Folder,
                weighting = 10,
            });
        }

        var run = new Run(id, tenantIds, accounts, []);
        // Mails go to the accounts round-robin; numbers are unique in the run.
        var plan = accounts.Select((a, index) => (a, Enumerable.Range(0, messages).Where(n => n % accounts.Count == index).ToList())).ToList();
        await AppendAsync(run, plan);
        Log($"run {id}: {messages} mails in {accounts.Count} accounts of {tenants} tenants; server log {LogFile(run)}");
        return run;
    }

    /// <summary>Puts the mails with these numbers into each account's mailbox.</summary>
    protected static async Task AppendAsync(Run run, List<(TestAccount Account, List<int> Numbers)> plan)
    {
        foreach (var group in plan.GroupBy(p => p.Account.User))
        {
            await using var mailbox = await TestMailbox.OpenAsync(group.Key);
            foreach (var (account, numbers) in group)
            {
                await mailbox.AppendAsync(account.Folder, numbers.Select(n => TestMailbox.Message(run.Id, n)));
                run.Messages.AddRange(numbers.Select(n => TestMailbox.MessageIdOf(run.Id, n)));
            }
        }
    }

    /// <summary>Request messages of this run across its tenants (found by the run's id in their Message-IDs).</summary>
    protected async Task<int> CountAsync(Run run)
    {
        var marker = "." + run.Id + "@";
        var total = 0;
        foreach (var tenantId in run.Tenants)
        {
            total += await server.TenantAsync(tenantId, db => db.RequestMessages.CountAsync(m => m.MessageId != null && m.MessageId.Contains(marker)));
        }

        return total;
    }

    private static async Task<int> UnflaggedAsync(Run run)
    {
        var unflagged = 0;
        foreach (var group in run.Accounts.Where(a => !a.Pop).GroupBy(a => a.User))
        {
            await using var mailbox = await TestMailbox.OpenAsync(group.Key);
            foreach (var account in group)
            {
                unflagged += await mailbox.CountWithoutKeywordAsync(account.Folder, Keyword);
            }
        }

        return unflagged;
    }

    protected async Task WaitUntilAllInAsync(Run run)
    {
        await Poll.UntilAsync(() => CountAsync(run), count => count >= run.Messages.Count, $"{run.Messages.Count} request messages", AllInLimit);
        await Poll.UntilAsync(() => UnflaggedAsync(run), count => count == 0, "every server copy flagged", AllInLimit);
    }

    /// <summary>Every mail of the run is exactly one request message, nothing is in quarantine, every IMAP copy is flagged.</summary>
    protected async Task AssertExactlyOnceAsync(Run run)
    {
        var marker = "." + run.Id + "@";
        var found = new List<string>();
        var quarantined = 0;
        foreach (var tenantId in run.Tenants)
        {
            found.AddRange(await server.TenantAsync(tenantId, db => db.RequestMessages.AsNoTracking()
                .Where(m => m.MessageId != null && m.MessageId.Contains(marker)).Select(m => m.MessageId!).ToListAsync()));
            quarantined += await server.TenantAsync(tenantId, db => db.Quarantine.CountAsync());
        }

        var twice = found.GroupBy(m => m, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        var lost = run.Messages.Except(found, StringComparer.Ordinal).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} mails are more than one request message: {string.Join(", ", twice.Take(10))}");
        Assert.True(lost.Count == 0, $"{lost.Count} mails are no request message: {string.Join(", ", lost.Take(10))}");
        Assert.Equal(run.Messages.Count, found.Count);
        Assert.Equal(0, quarantined);
        Assert.Equal(0, await UnflaggedAsync(run));
    }

    /// <summary>Deletes the run's folders and empties its POP3 inboxes (kept when an assertion failed, to look into).</summary>
    protected static async Task RemoveMailAsync(Run run)
    {
        foreach (var group in run.Accounts.GroupBy(a => a.User))
        {
            await using var mailbox = await TestMailbox.OpenAsync(group.Key);
            foreach (var account in group)
            {
                if (account.Pop)
                {
                    await mailbox.EmptyAsync(account.Folder);
                }
                else
                {
                    await mailbox.DeleteFolderAsync(account.Folder);
                }
            }
        }
    }

    /// <summary>One account's mailbox: the bench user's folder of this run (IMAP) or a POP3 user's INBOX.</summary>
    protected sealed record TestAccount(string User, string Folder, bool Pop);

    /// <summary>A test's tenants, accounts and the Message-IDs of the mails put into them.</summary>
    protected sealed record Run(string Id, List<Guid> Tenants, List<TestAccount> Accounts, List<string> Messages);
}

public sealed class FetchUnderFaultsOnSqlite(SqliteFetchProcessFixture server)
    : FetchUnderFaultsShould<SqliteFetchProcessFixture>(server), IClassFixture<SqliteFetchProcessFixture>
{
    protected override string[] PopUsers => ["pop1", "pop2"];
}

public sealed class FetchUnderFaultsOnPostgres(PostgresFetchProcessFixture server)
    : FetchUnderFaultsShould<PostgresFetchProcessFixture>(server), IClassFixture<PostgresFetchProcessFixture>
{
    private readonly PostgresFetchProcessFixture _server = server;

    protected override string[] PopUsers => ["pop3", "pop4"];

    [Fact]
    public async Task TakeEveryMailExactlyOnceWithTwoInstancesFetchingTheSameAccounts()
    {
        var run = await PrepareAsync(tenants: 2, imapAccounts: 8, [], messages: 800);
        await using var first = new ServerProcess(WithFetching(_server.ProcessSettings()), LogFile(run));
        await using var second = new ServerProcess(WithFetching(_server.ProcessSettings()), LogFile(run) + ".2");
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        // Which instances held the run's accounts while they fetched (the lease holder starts with the process id).
        var accounts = await _server.CatalogAsync(c => c.MailFetchAccounts.Where(a => a.TenantId != null && run.Tenants.Contains(a.TenantId.Value)).Select(a => a.AccountId).ToListAsync());
        var holders = new HashSet<string>(StringComparer.Ordinal);
        await Poll.UntilAsync(
            async () =>
            {
                holders.UnionWith(await _server.CatalogAsync(c => c.MailFetchAccounts.Where(a => accounts.Contains(a.AccountId) && a.LeaseHolder != null)
                    .Select(a => a.LeaseHolder!).ToListAsync()));
                return await CountAsync(run);
            },
            count => count >= run.Messages.Count, $"{run.Messages.Count} request messages", TimeSpan.FromMinutes(5));

        await WaitUntilAllInAsync(run);
        Log($"{run.Messages.Count} mails in after {clock.Elapsed.TotalSeconds:F1} s with two instances; lease holders seen: {holders.Select(h => h.Split('/')[0]).Distinct().Count()} processes");

        await AssertExactlyOnceAsync(run);
        await RemoveMailAsync(run);
    }
}

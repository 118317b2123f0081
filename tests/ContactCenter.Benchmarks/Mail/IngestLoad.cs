using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ContactCenter.Benchmarks.Tenancy;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Mail.Connections;
using ContactCenter.Server.MailAccounts;
using ContactCenter.Server.MailFetching;
using ContactCenter.Server.Tenancy;
using ContactCenter.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Benchmarks.Mail;

/// <summary>
/// Load script: fills folders of the bench user on the dev Dovecot with N messages of about 50 KB, measures (a) raw
/// batched IMAP fetch of them with MailKit through our seam (the ceiling) and (b) ingest into requests by one or two
/// server processes (messages/s from the first request created to the last). Plain IMAP on loopback for both.
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- ingest --provider Sqlite|Postgres
/// [--instances 1|2] [--messages 2000] [--accounts 4] [--size 50000] [--warm-up N] [--direct]</c>; PostgreSQL from
/// <c>CC_TEST_POSTGRES</c>, the server from <c>dotnet build -c Release</c>. <c>--warm-up N</c> also prints the rate over
/// the requests after the first N (steady state); <c>--direct</c> ingests in this process without IMAP instead.
/// Everything it creates is removed at the end.
/// </summary>
public static class IngestLoad
{
    private const int RawBatch = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(LoadScript.Option(args, "--provider") ?? "Sqlite", ignoreCase: true);
        var instances = int.Parse(LoadScript.Option(args, "--instances") ?? "1", CultureInfo.InvariantCulture);
        var messages = int.Parse(LoadScript.Option(args, "--messages") ?? "2000", CultureInfo.InvariantCulture);
        var accounts = int.Parse(LoadScript.Option(args, "--accounts") ?? "4", CultureInfo.InvariantCulture);
        var size = int.Parse(LoadScript.Option(args, "--size") ?? "50000", CultureInfo.InvariantCulture);
        var warmUp = int.Parse(LoadScript.Option(args, "--warm-up") ?? "0", CultureInfo.InvariantCulture);
        var id = Guid.NewGuid().ToString("N")[..10];
        var folder = Path.Combine(Path.GetTempPath(), "cc-ingest-" + id);
        Directory.CreateDirectory(folder);
        var postgres = Environment.GetEnvironmentVariable("CC_TEST_POSTGRES");
        if (provider == DatabaseProvider.Postgres && postgres is null)
        {
            Console.Error.WriteLine("Set CC_TEST_POSTGRES (infra/dev/postgres.sh url) to run on PostgreSQL.");
            return 2;
        }

        var settings = Settings(provider, postgres, id, folder);
        var folders = Enumerable.Range(0, accounts).Select(i => $"ingest-{id}-{i}").ToList();
        ServerContentRoot.Use();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseEnvironment("Production");
            // This in-process server only signs up and saves the accounts; the processes fetch.
            builder.UseSetting("Jobs:Enabled", "false");
        });

        var processes = new List<ServerProcess>();
        try
        {
            var total = await FillAsync(folders, messages, size);
            Console.WriteLine($"filled {folders.Count} folders with {messages} messages, {total / 1e6:F1} MB ({total / messages:N0} bytes each)");
            var raw = await RawFetchAsync(folders);
            Console.WriteLine($"raw batched IMAP fetch (MailKit, plain, batches of {RawBatch}): {raw.TotalSeconds:F2} s, {messages / raw.TotalSeconds:N0} messages/s, {total / 1e6 / raw.TotalSeconds:N0} MB/s");

            using var client = factory.CreateClient();
            var slug = $"ingest-{id}";
            using (var response = await client.PostAsJsonAsync("/api/signup", new { companyName = "Ingest " + id, slug, adminEmail = $"admin@{slug}.example", adminPassword = "Correct-Horse-9" }))
            {
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Sign-up answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            var tenantId = await AddAccountsAsync(factory.Services, slug, folders);
            if (args.Contains("--direct"))
            {
                return await DirectAsync(factory.Services, tenantId, folders, messages, size);
            }

            var fetching = new Dictionary<string, string>(settings)
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Jobs:Enabled"] = "true",
                ["Mail:FetchEnabled"] = "true",
                ["Mail:FetchInterval"] = "00:00:02",
            };
            for (var i = 0; i < instances; i++)
            {
                processes.Add(new ServerProcess(fetching, $"{folder}-server-{i}.log"));
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(processes.Select(p => p.StartAsync()));
            Console.WriteLine($"{instances} server process(es) up after {clock.Elapsed.TotalSeconds:F1} s; logs: {folder}-server-*.log");
            var tenants = factory.Services.GetRequiredService<TenantDatabaseFactory>();
            var deadline = DateTime.UtcNow.AddMinutes(15);
            while (await CountAsync(tenants, tenantId) < messages)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Not all {messages} messages became requests within 15 minutes.");
                }

                await Task.Delay(250);
            }

            await using var db = await tenants.OpenAsync(tenantId, CancellationToken.None);
            var first = await db.Requests.MinAsync(r => r.CreatedAt);
            var last = await db.Requests.MaxAsync(r => r.CreatedAt);
            var seconds = (last - first).TotalSeconds;
            var requests = await db.Requests.CountAsync();
            if (warmUp > 0 && warmUp < messages - 1)
            {
                // Steady state: the requests after the first warmUp, once the JIT's second tier has compiled the hot code.
                var warm = await db.Requests.OrderBy(r => r.CreatedAt).Skip(warmUp).Select(r => r.CreatedAt).FirstAsync();
                var steady = (last - warm).TotalSeconds;
                Console.WriteLine($"steady state after {warmUp} messages: {messages - warmUp - 1} more in {steady:F2} s, {(messages - warmUp - 1) / steady:N0} messages/s");
            }

            Console.WriteLine($"ingest provider={provider} instances={instances} accounts={accounts}: {requests} requests from {messages} messages, " +
                $"first to last request {seconds:F2} s, {(messages - 1) / seconds:N0} messages/s ({(messages - 1) / seconds / (messages / raw.TotalSeconds):P0} of raw); " +
                $"from process start {clock.Elapsed.TotalSeconds:F1} s");
            return requests == messages ? 0 : 1;
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            await CleanUpAsync(factory.Services, provider, postgres, id, folders);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> Settings(DatabaseProvider provider, string? postgres, string id, string folder)
    {
        var services = TestMailbox.Services();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database:Provider"] = provider.ToString(),
            ["Database:DataDirectory"] = folder,
            ["DataProtection:CertificateFile"] = TestCertificates.DataProtectionFile(folder),
            ["SignUp:PermitsPerMinute"] = "1000000",
            ["Mail:AllowPrivateHosts"] = "true",
            ["Mail:ExtraTrustedCaFile"] = services["CC_MAIL_CA"],
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (provider == DatabaseProvider.Postgres)
        {
            settings["Database:Postgres:Servers:main"] = postgres!;
            settings["Database:Postgres:Catalog"] = new NpgsqlConnectionStringBuilder(postgres) { Database = $"cc_ingest_{id}" }.ConnectionString;
            settings["Database:Postgres:DatabasePrefix"] = $"cc_ingest_{id}_";
        }

        return settings;
    }

    /// <summary>Fills the folders round-robin; returns the bytes appended.</summary>
    private static async Task<long> FillAsync(List<string> folders, int messages, int size)
    {
        await using var bench = await TestMailbox.OpenAsync("bench");
        long total = 0;
        for (var f = 0; f < folders.Count; f++)
        {
            await bench.CreateFolderAsync(folders[f]);
            var mails = Enumerable.Range(0, messages).Where(n => n % folders.Count == f).Select(n => TestMailbox.Message(folders[0], n, size)).ToList();
            foreach (var mail in mails)
            {
                using var measure = new MemoryStream();
                await mail.WriteToAsync(measure);
                total += measure.Length;
            }

            await bench.AppendAsync(folders[f], mails);
        }

        return total;
    }

    /// <summary>Fetches every message of the folders in batches through the seam the fetch cycle uses, one folder after the other.</summary>
    private static async Task<TimeSpan> RawFetchAsync(List<string> folders)
    {
        var endpoint = new MailEndpoint(TestMailbox.Host, TestMailbox.Port("CC_MAIL_IMAP_PORT"), MailSecurity.None, TestMailbox.AddressOf("bench"), TestMailbox.PasswordOf("bench"));
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        foreach (var name in folders)
        {
            await using var inbox = await MailInbox.OpenAsync(InboxProtocol.Imap, endpoint, name, readOnly: true, new MailConnectionSettings(), CancellationToken.None);
            var uids = await inbox.ListUidsAsync(CancellationToken.None);
            foreach (var batch in uids.Chunk(RawBatch))
            {
                foreach (var message in await inbox.FetchAsync(batch, CancellationToken.None))
                {
                    bytes += message.Raw.Length;
                }
            }

            await inbox.CloseAsync(CancellationToken.None);
        }

        return bytes > 0 ? clock.Elapsed : throw new InvalidOperationException("Nothing was fetched.");
    }

    /// <summary>One inbound account per folder, written into the tenant database and the catalog's fetch directory.</summary>
    private static async Task<Guid> AddAccountsAsync(IServiceProvider services, string slug, List<string> folders)
    {
        await using var scope = services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenantId = await catalog.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var protection = services.GetRequiredService<IDataProtectionProvider>();
        await using var db = await services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId, CancellationToken.None);
        db.Actor = "benchmark";
        foreach (var name in folders)
        {
            db.InboundAccounts.Add(new InboundAccount
            {
                Name = name,
                Protocol = MailProtocol.Imap,
                Host = TestMailbox.Host,
                Port = TestMailbox.Port("CC_MAIL_IMAP_PORT"),
                TlsMode = MailTlsMode.None,
                UserName = TestMailbox.AddressOf("bench"),
                ProtectedSecret = MailSecrets.Protect(protection, tenantId, TestMailbox.PasswordOf("bench")),
                Folder = name,
                Weighting = InboundAccount.MaxWeighting,
            });
        }

        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<MailFetchDirectory>().SyncTenantAsync(tenantId, db, CancellationToken.None);
        return tenantId;
    }

    /// <summary>
    /// Ingest without IMAP (<c>--direct</c>): the same messages put through <see cref="MailIngest"/> in this process, one
    /// round of <see cref="InboundAccount.MaxWeighting"/> after the other per account, the accounts in parallel — what the
    /// cycle costs beyond fetching, in wall time and in processor time of this process.
    /// </summary>
    private static async Task<int> DirectAsync(IServiceProvider services, Guid tenantId, List<string> folders, int messages, int size)
    {
        var tenants = services.GetRequiredService<TenantDatabaseFactory>();
        var ingest = services.GetRequiredService<MailIngest>();
        var accounts = new List<(IngestSource Source, List<byte[]> Raw)>();
        await using (var db = await tenants.OpenAsync(tenantId, CancellationToken.None))
        {
            var ids = await db.InboundAccounts.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync();
            for (var f = 0; f < folders.Count; f++)
            {
                var raw = new List<byte[]>();
                foreach (var n in Enumerable.Range(0, messages).Where(n => n % folders.Count == f))
                {
                    using var bytes = new MemoryStream();
                    await TestMailbox.Message(folders[0], n, size).WriteToAsync(bytes);
                    raw.Add(bytes.ToArray());
                }

                accounts.Add((new IngestSource(ids[f].Id, ids[f].Name, 1, string.Empty, null), raw));
            }
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (gen0, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (account, ct) =>
        {
            await using var db = await tenants.OpenAsync(tenantId, ct);
            db.Actor = MailFetchCycle.Actor;
            var mails = account.Raw.Select((raw, i) => new IncomingMail(account.Source with { Uid = i.ToString(CultureInfo.InvariantCulture) }, raw));
            foreach (var round in mails.Chunk(InboundAccount.MaxWeighting))
            {
                await ingest.IngestRoundAsync(db, tenantId, round, ct);
            }
        });
        var elapsed = clock.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var requests = await CountAsync(tenants, tenantId);
        Console.WriteLine($"direct ingest accounts={folders.Count}: {requests} requests from {messages} messages in {elapsed.TotalSeconds:F2} s, " +
            $"{messages / elapsed.TotalSeconds:N0} messages/s, {used.TotalMilliseconds / messages:F2} ms processor time per message in this process; " +
            $"garbage collections: {GC.CollectionCount(0) - gen0} (of which {GC.CollectionCount(2) - gen2} full), paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:N0} ms");
        return requests == messages ? 0 : 1;
    }

    private static async Task<int> CountAsync(TenantDatabaseFactory tenants, Guid tenantId)
    {
        await using var db = await tenants.OpenAsync(tenantId, CancellationToken.None);
        return await db.RequestMessages.CountAsync();
    }

    private static async Task CleanUpAsync(IServiceProvider services, DatabaseProvider provider, string? postgres, string id, List<string> folders)
    {
        await using (var bench = await TestMailbox.OpenAsync("bench"))
        {
            foreach (var name in folders)
            {
                await bench.DeleteFolderAsync(name);
            }
        }

        if (provider != DatabaseProvider.Postgres)
        {
            return;
        }

        await LoadDatabases.DropPostgresAsync(services, postgres, $"cc_ingest_{id}");
    }
}

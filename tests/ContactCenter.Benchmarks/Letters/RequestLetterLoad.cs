using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using ContactCenter.Benchmarks.Requests;
using ContactCenter.Benchmarks.Tenancy;
using ContactCenter.Data;
using ContactCenter.Data.Catalog;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Letters;
using ContactCenter.Server.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactCenter.Benchmarks.Letters;

/// <summary>
/// Load script: a batch letter export from requests, as the batch job runs it: a tenant seeded with
/// <see cref="RequestSeed"/> (contacts given a postal address, each category a default template with letterhead and
/// footer), then one batch of the first N requests that have an answer, run by <see cref="LetterBatchJob"/> in this
/// process (reading each request, its answer and contact from the database, rendering, writing the zip). Prints
/// letters/s, the zip's size and the peak working set (sampled every 20 ms).
/// Run: <c>dotnet run -c Release --project tests/ContactCenter.Benchmarks -- letters-requests --provider Sqlite|Postgres
/// [--letters 1000]</c>; PostgreSQL from <c>CC_TEST_POSTGRES</c>. Everything it creates is removed at the end.
/// </summary>
public static class RequestLetterLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(LoadScript.Option(args, "--provider") ?? "Sqlite", ignoreCase: true);
        var letters = int.Parse(LoadScript.Option(args, "--letters") ?? "1000", CultureInfo.InvariantCulture);
        await using var server = BenchmarkServer.Start(provider, "letters");
        if (server is null)
        {
            return 2;
        }

        var factory = server.Factory;
        using var client = factory.CreateClient();
        var tenantId = await server.SignUpAsync(client, $"letters-{server.Id}", "Letters " + server.Id);
        var batch = await SeedAsync(factory.Services, tenantId, letters);
        using var process = Process.GetCurrentProcess();
        var startWorkingSet = process.WorkingSet64;
        var peak = startWorkingSet;
        using var sampler = new Timer(_ =>
        {
            process.Refresh();
            Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), process.WorkingSet64));
        }, null, 0, 20);
        var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
        var clock = Stopwatch.StartNew();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LetterBatchJob>().RunAsync(tenantId, batch, CancellationToken.None);
        }

        var elapsed = clock.Elapsed;
        sampler.Change(Timeout.Infinite, Timeout.Infinite);
        LetterBatch done;
        await using (var db = await factory.Services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId, CancellationToken.None))
        {
            done = await db.LetterBatches.AsNoTracking().SingleAsync(b => b.Id == batch);
        }

        var zip = new FileInfo(LetterBatches.ZipPathOf(factory.Services.GetRequiredService<Server.TenantSettings.TenantSettingsValidator>(), tenantId, batch));
        using (var archive = ZipFile.OpenRead(zip.FullName))
        {
            Console.WriteLine($"provider:           {provider}");
            Console.WriteLine($"batch:              {done.State}, {done.Done} letters, {done.Failed} not exported, {archive.Entries.Count} PDFs in the zip");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total time:         {elapsed.TotalSeconds:F1} s ({done.Done / elapsed.TotalSeconds:F0} letters/s, one job)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"zip:                {zip.Length / 1048576.0:F1} MB ({zip.Length / Math.Max(1, done.Done)} bytes per letter)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set:        start {startWorkingSet / 1048576.0:F0} MB, peak {Interlocked.Read(ref peak) / 1048576.0:F0} MB"));
        Console.WriteLine($"GCs:                gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}");
        return done.State == LetterBatchState.Finished && done.Failed == 0 ? 0 : 1;
    }

    /// <summary>Seeds the tenant and queues a batch of the first <paramref name="letters"/> answered requests (as the API would, without the job); its id.</summary>
    private static async Task<Guid> SeedAsync(IServiceProvider services, Guid tenantId, int letters)
    {
        await using var db = await services.GetRequiredService<TenantDatabaseFactory>().OpenAsync(tenantId, CancellationToken.None);
        // About half of the seed's requests have an answer (RequestSeed: one to five messages, every second one ours).
        var seeded = await RequestSeed.SeedAsync(db, letters * 5 / 2, CancellationToken.None);
        await db.Contacts.ExecuteUpdateAsync(c => c
            .SetProperty(x => x.Street, "Lindenweg 12").SetProperty(x => x.PostalCode, "20095").SetProperty(x => x.City, "Hamburg"));
        db.AnswerTemplates.AddRange(seeded.Categories.Select(category => new AnswerTemplate
        {
            CategoryId = category, Name = "Brief", IsDefault = true, Letterhead = "Muster Versand GmbH\nKundenservice",
            Footer = "Muster Versand GmbH\nHafenweg 5, 20457 Hamburg\n\nAmtsgericht Hamburg HRB 4711\nUSt-IdNr. DE123456789",
        }));
        var ids = await db.Requests.Where(r => db.RequestMessages.Any(m => m.RequestId == r.Id && m.Direction == MessageDirection.Out))
            .OrderBy(r => r.Number).Select(r => r.Id).Take(letters).ToListAsync();
        var batch = new LetterBatch { CreatedAt = DateTime.UtcNow, CreatedBy = "benchmark", RequestIds = string.Join('\n', ids), Total = ids.Count };
        db.LetterBatches.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    }
}

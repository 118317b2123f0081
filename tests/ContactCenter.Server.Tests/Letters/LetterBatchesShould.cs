using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Tests.Requests;
using ContactCenter.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Letters;

/// <summary>
/// Batch letter exports through the API and their Hangfire job: one PDF per matching request in the zip, requests
/// without an answer reported, progress to finished, the zip refused (409) until then, only for the one who started
/// it, and only with the ExportLetters permission.
/// </summary>
public abstract class LetterBatchesShould<TFixture>(TFixture server)
    where TFixture : ServerFixture
{
    private readonly TenantTokens _tokens = new(server);

    [Fact]
    public async Task RenderALetterPerMatchingRequestIntoAZipAndReportThoseWithoutAnswer()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        var answered = new List<Request>();
        for (var n = 1; n <= 3; n++)
        {
            answered.Add(await setup.RequestAsync(server, n, (5, $"<p>Answer number {n} for the batch.</p>")));
        }

        var unanswered = await setup.RequestAsync(server, 4);
        var closed = RequestData.NewRequest(5, "Closed one", RequestStatus.Closed, categoryId: setup.CategoryId);
        var elsewhere = RequestData.NewRequest(6, "Other category", categoryId: null);
        await RequestData.AddAsync(server, setup.TenantId, closed, elsewhere, LetterSetup.Answer(closed, 2, "<p>Closed.</p>"));

        var started = await TenantApi.JsonAsync(await setup.Admin.PostAsJsonAsync("api/letters/batches", new { categoryId = setup.CategoryId }), HttpStatusCode.Accepted);
        var id = started.GetProperty("id").GetGuid();
        Assert.Equal(4, started.GetProperty("total").GetInt32());
        var progress = await Poll.UntilAsync(
            async () => await TenantApi.JsonAsync(await setup.Admin.GetAsync($"api/letters/batches/{id}"), HttpStatusCode.OK),
            p => p.GetProperty("state").GetString() is "finished" or "failed", "the batch to finish");

        Assert.Equal(("finished", 4, 3, 1), (progress.GetProperty("state").GetString(), progress.GetProperty("total").GetInt32(),
            progress.GetProperty("done").GetInt32(), progress.GetProperty("failed").GetInt32()));
        var failure = Assert.Single(progress.GetProperty("failures").EnumerateArray());
        Assert.Equal((unanswered.Id, 4L, "no-answer"), (failure.GetProperty("requestId").GetGuid(), failure.GetProperty("number").GetInt64(), failure.GetProperty("reason").GetString()));
        Assert.Equal($"/api/letters/batches/{id}/download", progress.GetProperty("download").GetString());
        using var download = await setup.Admin.GetAsync($"api/letters/batches/{id}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["letter-1-", "letter-2-", "letter-3-"], zip.Entries.Select(e => e.Name[..9]).Order());
        foreach (var entry in zip.Entries)
        {
            var number = entry.Name[7..8];
            var path = Path.Combine(Path.GetTempPath(), $"cc-batch-{Guid.NewGuid():N}.pdf");
            entry.ExtractToFile(path);
            var text = LetterSetup.PdfText(path);
            File.Delete(path);
            Assert.Contains($"Answer number {number} for the batch.", text, StringComparison.Ordinal);
            Assert.Contains("Lindenweg 12", text, StringComparison.Ordinal);
            Assert.Contains("Muster Versand GmbH", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RefuseTheZipUntilFinishedAndTheBatchToOthers()
    {
        using var setup = await LetterSetup.CreateAsync(server, _tokens);
        var adminId = (await server.CatalogAsync(c => c.Users.Where(u => u.Email == $"admin@{setup.Slug}.example").Select(u => u.Id).SingleAsync())).ToString();
        var running = new LetterBatch { CreatedBy = adminId, CreatedAt = RequestData.Start, State = LetterBatchState.Running, Total = 10, Done = 4, RequestIds = "" };
        var someoneElses = new LetterBatch { CreatedBy = Guid.NewGuid().ToString(), CreatedAt = RequestData.Start, State = LetterBatchState.Finished, RequestIds = "" };
        await RequestData.AddAsync(server, setup.TenantId, running, someoneElses);
        using var agent = await setup.IntegrationAsync(server, "agent");

        using var early = await setup.Admin.GetAsync($"api/letters/batches/{running.Id}/download");
        var progress = await TenantApi.JsonAsync(await setup.Admin.GetAsync($"api/letters/batches/{running.Id}"), HttpStatusCode.OK);
        using var notMine = await setup.Admin.GetAsync($"api/letters/batches/{someoneElses.Id}");
        using var notMineZip = await setup.Admin.GetAsync($"api/letters/batches/{someoneElses.Id}/download");
        using var nothing = await setup.Admin.PostAsJsonAsync("api/letters/batches", new { q = "no request says this" });
        var badFilter = await TenantApi.FieldErrorsAsync(await setup.Admin.PostAsJsonAsync("api/letters/batches", new { status = "pending", due = "tomorrow" }));
        using var agentStart = await agent.PostAsJsonAsync("api/letters/batches", new { });
        using var agentProgress = await agent.GetAsync($"api/letters/batches/{running.Id}");
        using var agentZip = await agent.GetAsync($"api/letters/batches/{running.Id}/download");

        var problem = await TenantApi.JsonAsync(early, HttpStatusCode.Conflict);
        Assert.Equal("The batch has not finished", problem.GetProperty("title").GetString());
        Assert.Equal(("running", 4, (string?)null), (progress.GetProperty("state").GetString(), progress.GetProperty("done").GetInt32(), progress.GetProperty("download").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notMineZip.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal(["due", "status"], badFilter.Keys.Order());
        Assert.Equal(HttpStatusCode.Forbidden, agentStart.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentProgress.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentZip.StatusCode);
    }
}

public sealed class LetterBatchesOnSqlite(SqliteServerFixture server) : LetterBatchesShould<SqliteServerFixture>(server);

public sealed class LetterBatchesOnPostgres(PostgresServerFixture server) : LetterBatchesShould<PostgresServerFixture>(server);

public sealed class LetterBatchesOnSqlServer(SqlServerServerFixture server) : LetterBatchesShould<SqlServerServerFixture>(server.Required());

using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Server.Requests;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tests.Requests;

/// <summary>
/// Message text indexed behind the ingest (<see cref="MessageTextIndex"/>), searched through <see cref="RequestSearch"/>
/// on a tenant database of the test's own (no server, so no recurring indexer runs in between): a term in a body is
/// found before its message is indexed, while part of them is, and after; the indexer resumes where it stopped and does
/// nothing twice; moved, deleted and changed messages keep the search right.
/// </summary>
public abstract class MessageTextIndexShould(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create(provider, "cc_textindex");
    private TenantDbContext _db = null!;
    private Request _umlauts = null!;
    private Request _parcel = null!;
    private Request _other = null!;

    public async ValueTask InitializeAsync()
    {
        _db = new TenantDbContext(_database.Options<TenantDbContext>());
        await _db.Database.MigrateAsync();
        _umlauts = RequestData.NewRequest(1, "Umlauts");
        _parcel = RequestData.NewRequest(2, "Parcel");
        _other = RequestData.NewRequest(3, "Other");
        _db.AddRange(_umlauts, _parcel, _other,
            Message(_umlauts, "Die ÜBERGRÖSSE passt nicht.".Replace("SS", "ß", StringComparison.Ordinal)),
            Message(_parcel, "My parcel NEVER arrived in Hamburg."),
            Message(_other, "Nothing to see."));
        await _db.SaveChangesAsync();
        _db.ChangeTracker.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task FindBodyTermsBeforeWhileAndAfterTheIndexerRuns()
    {
        Assert.Equal(3, await MessageTextIndex.PendingAsync(_db, CancellationToken.None));
        await AssertFoundAsync();

        Assert.Equal(2, await MessageTextIndex.IndexBatchAsync(_db, 2, CancellationToken.None));
        Assert.Equal(1, await MessageTextIndex.PendingAsync(_db, CancellationToken.None));
        await AssertFoundAsync();

        // Resumes with what is left, then has nothing more to do, however often it runs.
        Assert.Equal(1, await MessageTextIndex.IndexBatchAsync(_db, 2, CancellationToken.None));
        Assert.Equal(0, await MessageTextIndex.IndexBatchAsync(_db, 2, CancellationToken.None));
        Assert.Equal(0, await MessageTextIndex.IndexBatchAsync(_db, 2, CancellationToken.None));
        Assert.Equal(0, await MessageTextIndex.PendingAsync(_db, CancellationToken.None));
        Assert.True(await _db.RequestMessages.AllAsync(m => m.TextIndexed));
        await AssertFoundAsync();
        await AssertIndexConsistentAsync();
    }

    [Fact]
    public async Task FollowMovedDeletedAndChangedMessagesIndexedOrNot()
    {
        while (await MessageTextIndex.IndexBatchAsync(_db, MessageTextIndex.BatchSize, CancellationToken.None) > 0)
        {
        }

        var late = Message(_umlauts, "A late word: Sonderfall-4711.");
        _db.Add(late);
        await _db.SaveChangesAsync();
        Assert.Equal(["Umlauts"], await SearchAsync("sonderfall-4711"));

        await _db.RequestMessages.Where(m => m.RequestId == _parcel.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.RequestId, _other.Id));
        await _db.RequestMessages.Where(m => m.Id == late.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.RequestId, _parcel.Id));
        await _db.RequestMessages.Where(m => m.Text == "Nothing to see.").ExecuteUpdateAsync(m => m.SetProperty(x => x.Text, "Now in Bremen."));
        await _db.RequestMessages.Where(m => m.RequestId == _umlauts.Id).ExecuteDeleteAsync();

        await AssertMovedAsync();
        Assert.Equal(1, await MessageTextIndex.IndexBatchAsync(_db, MessageTextIndex.BatchSize, CancellationToken.None));
        await AssertMovedAsync();
        await AssertIndexConsistentAsync();

        await _db.RequestMessages.Where(m => m.Id == late.Id).ExecuteDeleteAsync();
        Assert.Empty(await SearchAsync("sonderfall"));
        Assert.Equal(0, await MessageTextIndex.IndexBatchAsync(_db, MessageTextIndex.BatchSize, CancellationToken.None));
    }

    private async Task AssertFoundAsync()
    {
        Assert.Equal(["Umlauts"], await SearchAsync("übergröße"));
        Assert.Equal(["Parcel"], await SearchAsync("never arrived in hamburg"));
        Assert.Equal(["Other", "Parcel", "Umlauts"], await SearchAsync("t"));
        Assert.Equal(["Other"], await SearchAsync("thing to see"));
        Assert.Empty(await SearchAsync("bremen"));
    }

    private async Task AssertMovedAsync()
    {
        Assert.Equal(["Other"], await SearchAsync("hamburg"));
        Assert.Equal(["Parcel"], await SearchAsync("sonderfall-4711"));
        Assert.Equal(["Other"], await SearchAsync("bremen"));
        Assert.Empty(await SearchAsync("nothing"));
        Assert.Empty(await SearchAsync("übergröße"));
    }

    /// <summary>SQLite: the FTS5 table of the texts holds exactly what the flags say (every row is flagged when this runs).</summary>
    private async Task AssertIndexConsistentAsync()
    {
        if (_db.Database.IsSqlite())
        {
            await _db.Database.ExecuteSqlRawAsync("""INSERT INTO "MessageTextSearch" ("MessageTextSearch", rank) VALUES ('integrity-check', 1)""");
        }
    }

    private Task<List<string>> SearchAsync(string term) =>
        RequestSearch.Matching(_db, _db.Requests, term).Select(r => r.Subject).OrderBy(s => s).ToListAsync();

    private static RequestMessage Message(Request request, string text) => new()
    {
        RequestId = request.Id,
        Direction = MessageDirection.In,
        FromAddress = "someone@example.com",
        To = "[]",
        ReceivedAt = RequestData.Start,
        Text = text,
    };
}

public sealed class MessageTextIndexOnSqlite() : MessageTextIndexShould(DatabaseProvider.Sqlite);

public sealed class MessageTextIndexOnPostgres() : MessageTextIndexShould(DatabaseProvider.Postgres);

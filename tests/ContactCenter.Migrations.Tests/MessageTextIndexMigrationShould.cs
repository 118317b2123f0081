using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tests;

/// <summary>
/// 20261211060000 takes message text out of the ingest's indexing: messages written before it stay indexed, later ones
/// are indexed when their flag turns true (PostgreSQL: a partial trigram index; SQLite: an FTS5 table of their own filled
/// by triggers), and going down brings back the indexes of IndexRequestLists.
/// </summary>
public sealed class MessageTextIndexMigrationShould
{
    private const string Before = "20261210010000_IndexRequestLists";

    [Fact]
    public async Task IndexOnlyFlaggedTextsWithTrigramsOnPostgres()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Postgres, "cc_textidx");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());
        var (earlier, later) = await MigrateAcrossAsync(db);

        var indexes = await IndexesAsync(db);
        Assert.Equal(["IX_RequestMessages_Search_FromAddress", "IX_RequestMessages_Search_FromName", "IX_RequestMessages_Search_IndexedText",
            "IX_RequestMessages_Search_Pending", "IX_Requests_Search_ContactEmail", "IX_Requests_Search_Subject"], indexes.Keys);
        Assert.Matches(@"USING gin \(lower\(""Text""\) (public\.)?gin_trgm_ops\) WHERE ""TextIndexed""$", indexes["IX_RequestMessages_Search_IndexedText"]);
        Assert.EndsWith("""("Id") WHERE (NOT "TextIndexed")""", indexes["IX_RequestMessages_Search_Pending"], StringComparison.Ordinal);
        Assert.Equal([(earlier, true), (later, false)], await FlagsAsync(db));

        // The planner can take both partial indexes in one search whose arms name the flag, as RequestSearch asks
        // (sequential scans off: the table is tiny).
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SET enable_seqscan = off;
                EXPLAIN SELECT "Id" FROM "RequestMessages" WHERE lower("FromAddress") LIKE '%before%'
                    OR ("TextIndexed" AND lower("Text") LIKE '%before%') OR (NOT "TextIndexed" AND lower("Text") LIKE '%before%');
                """;
            await using var reader = await command.ExecuteReaderAsync();
            var plan = new List<string>();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }

            Assert.Contains(plan, line => line.Contains("BitmapOr", StringComparison.Ordinal));
            Assert.Contains(plan, line => line.Contains("IX_RequestMessages_Search_IndexedText", StringComparison.Ordinal));
            Assert.Contains(plan, line => line.Contains("IX_RequestMessages_Search_Pending", StringComparison.Ordinal));
        }

        await db.Database.CloseConnectionAsync();

        await db.GetService<IMigrator>().MigrateAsync(Before);
        indexes = await IndexesAsync(db);
        Assert.Contains("IX_RequestMessages_Search_Text", indexes.Keys);
        Assert.DoesNotContain("IX_RequestMessages_Search_IndexedText", indexes.Keys);
        Assert.DoesNotContain("IX_RequestMessages_Search_Pending", indexes.Keys);
    }

    [Fact]
    public async Task KeepEarlierTextsAndIndexLaterOnesWhenFlaggedOnSqlite()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite, "cc_textidx");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());
        var (earlier, later) = await MigrateAcrossAsync(db);

        Assert.Equal([(earlier, true), (later, false)], await FlagsAsync(db));
        Assert.Equal(["Written before the flag"], await MatchAsync(db, "MessageTextSearch", "\"written\""));
        Assert.Equal(["Written after the flag"], await MatchAsync(db, "MessageSearch", "\"later@\""));
        Assert.Empty(await MatchAsync(db, "MessageSearch", "\"written\""));

        await Flag(db, later, true);
        Assert.Equal(["Written before the flag", "Written after the flag"], await MatchAsync(db, "MessageTextSearch", "\"written\""));
        await db.RequestMessages.Where(m => m.Id == later).ExecuteUpdateAsync(m => m.SetProperty(x => x.Text, "Rewritten"));
        Assert.Equal(["Rewritten"], await MatchAsync(db, "MessageTextSearch", "\"REWRITTEN\""));
        Assert.Equal(["Written before the flag"], await MatchAsync(db, "MessageTextSearch", "\"after\" OR \"before\""));
        await Flag(db, earlier, false);
        Assert.Empty(await MatchAsync(db, "MessageTextSearch", "\"before\""));
        await Flag(db, earlier, true);
        await db.RequestMessages.Where(m => m.Id == later).ExecuteDeleteAsync();
        Assert.Equal(["Written before the flag"], await MatchAsync(db, "MessageTextSearch", "\"written\""));
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "MessageTextSearch" ("MessageTextSearch", rank) VALUES ('integrity-check', 1)""");

        await db.GetService<IMigrator>().MigrateAsync(Before);
        Assert.Equal(["Written before the flag"], await MatchAsync(db, "MessageSearch", "\"before\""));
        Assert.Equal(["Written before the flag"], await MatchAsync(db, "MessageSearch", "\"earlier@\""));
    }

    /// <summary>Migrates to just before the migration, writes a message, migrates to the end, writes another; their ids.</summary>
    private static async Task<(Guid Earlier, Guid Later)> MigrateAcrossAsync(TenantDbContext db)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);
        var earlier = await InsertEarlierMessageAsync(db);
        await migrator.MigrateAsync();
        return (earlier, await AddLaterMessageAsync(db));
    }

    private static async Task<Guid> InsertEarlierMessageAsync(TenantDbContext db)
    {
        var request = Guid.NewGuid();
        var message = Guid.NewGuid();
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "Requests" ("Id", "Number", "Token", "Subject", "Status", "Priority", "CreatedAt", "UpdatedAt", "MessageCount")
             VALUES ({request}, 1, 'token1', 'Earlier', 'Open', 'Normal', {DateTime.UtcNow}, {DateTime.UtcNow}, 1)
             """);
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "RequestMessages" ("Id", "RequestId", "Direction", "To", "Cc", "ReceivedAt", "IsAutomatic", "FromAddress", "Text")
             VALUES ({message}, {request}, 'In', '[]', '[]', {DateTime.UtcNow}, {false}, 'earlier@example.com', 'Written before the flag')
             """);
        return message;
    }

    private static async Task<Guid> AddLaterMessageAsync(TenantDbContext db)
    {
        var request = new Request { Number = 2, Token = "token2", Subject = "Later" };
        var message = new RequestMessage { RequestId = request.Id, FromAddress = "later@example.com", Text = "Written after the flag", ReceivedAt = DateTime.UtcNow };
        db.AddRange(request, message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private static Task<int> Flag(TenantDbContext db, Guid message, bool indexed) =>
        db.RequestMessages.Where(m => m.Id == message).ExecuteUpdateAsync(m => m.SetProperty(x => x.TextIndexed, indexed));

    private static async Task<List<(Guid, bool)>> FlagsAsync(TenantDbContext db) =>
        (await db.RequestMessages.AsNoTracking().OrderByDescending(m => m.TextIndexed).Select(m => new { m.Id, m.TextIndexed }).ToListAsync())
        .Select(m => (m.Id, m.TextIndexed)).ToList();

    private static async Task<Dictionary<string, string>> IndexesAsync(TenantDbContext db) =>
        (await db.Database.SqlQuery<string>($"""SELECT indexname || ' ' || indexdef AS "Value" FROM pg_indexes WHERE indexname LIKE 'IX_%_Search_%' ORDER BY indexname""")
            .ToListAsync())
        .ToDictionary(i => i.Split(' ')[0], i => i[(i.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    /// <summary>The texts of the messages the FTS5 table <paramref name="table"/> finds for <paramref name="match"/>, in the order they were written.</summary>
    private static Task<List<string>> MatchAsync(TenantDbContext db, string table, string match)
    {
        var sql = "SELECT \"Text\" AS \"Value\" FROM \"RequestMessages\" WHERE rowid IN (SELECT rowid FROM \"" + table + "\" WHERE \"" + table
            + "\" MATCH {0}) ORDER BY rowid";
        return db.Database.SqlQueryRaw<string>(sql, match).ToListAsync();
    }
}

using ContactCenter.Data;
using ContactCenter.Data.Tenant;
using ContactCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ContactCenter.Migrations.Tests;

/// <summary>
/// The search indexes of 20261210010000: on PostgreSQL pg_trgm and a trigram index per searched column; on SQLite the
/// FTS5 tables, filled with the rows written before the migration and kept current by triggers afterwards.
/// </summary>
public sealed class RequestListIndexesShould
{
    private const string BeforeIndexes = "20261209030000_AddRequestAssignee";

    private const string WithIndexes = "20261210010000_IndexRequestLists";

    [Fact]
    public async Task IndexTheSearchedColumnsWithTrigramsOnPostgres()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Postgres, "cc_search");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());

        // As this migration left them (IndexMessageTextBehindIngest makes the text's index partial).
        await db.GetService<IMigrator>().MigrateAsync(WithIndexes);

        var indexes = await db.Database.SqlQuery<string>($"""SELECT indexname || ' ' || indexdef AS "Value" FROM pg_indexes WHERE indexname LIKE 'IX_%_Search_%' ORDER BY indexname""").ToListAsync();
        Assert.Equal(["IX_RequestMessages_Search_FromAddress", "IX_RequestMessages_Search_FromName", "IX_RequestMessages_Search_Text", "IX_Requests_Search_ContactEmail",
            "IX_Requests_Search_Subject"], indexes.Select(i => i.Split(' ')[0]));
        Assert.All(indexes, index => Assert.Matches(@"USING gin \(lower\(.+\) (public\.)?gin_trgm_ops\)", index));
    }

    [Fact]
    public async Task FillTheFullTextTablesWithEarlierRowsAndFollowLaterOnesOnSqlite()
    {
        await using var database = TestDatabase.Create(DatabaseProvider.Sqlite, "cc_search");
        await using var db = new TenantDbContext(database.Options<TenantDbContext>());
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeIndexes);
        var before = Guid.NewGuid();
        await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO "Requests" ("Id", "Number", "Token", "Subject", "Status", "Priority", "CreatedAt", "UpdatedAt", "MessageCount")
             VALUES ({before}, 1, 'token1', 'Written before the index', 'Open', 'Normal', {DateTime.UtcNow}, {DateTime.UtcNow}, 0)
             """);

        await migrator.MigrateAsync();
        db.Requests.Add(new Request { Number = 2, Token = "token2", Subject = "Written after the index", ContactEmail = "Ärger@Example.com" });
        await db.SaveChangesAsync();

        Assert.Equal(["Written before the index"], await MatchAsync(db, "\"BEFORE\""));
        Assert.Equal(["Written after the index"], await MatchAsync(db, "\"ärger@exa\""));
        await db.Requests.Where(r => r.Id == before).ExecuteUpdateAsync(r => r.SetProperty(x => x.Subject, "Renamed"));
        Assert.Empty(await MatchAsync(db, "\"before\""));
        Assert.Equal(["Renamed", "Written after the index"], await MatchAsync(db, "\"index\" OR \"ren\""));
    }

    private static Task<List<string>> MatchAsync(TenantDbContext db, string match) =>
        db.Database.SqlQuery<string>(
            $"""SELECT "Subject" AS "Value" FROM "Requests" WHERE rowid IN (SELECT rowid FROM "RequestSearch" WHERE "RequestSearch" MATCH {match}) ORDER BY "Number" """)
            .ToListAsync();
}

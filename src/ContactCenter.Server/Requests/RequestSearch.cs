using ContactCenter.Data.Tenant;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Requests;

/// <summary>
/// The list's text search (<c>q</c>): the requests whose subject or contact e-mail, or one of whose messages' sender
/// address, sender name or text holds the term, in any case. Each provider asks in the way its search index answers
/// (migrations <c>IndexRequestLists</c> and <c>IndexMessageTextBehindIngest</c>): PostgreSQL with LIKE over lower-cased
/// columns, which its pg_trgm indexes serve (and which still works, only slower, where the extension is missing);
/// SQLite through its FTS5 trigram tables; SQL Server by scanning, as it has neither (a known limitation). A message's
/// text is indexed behind the ingest (<see cref="MessageTextIndex"/>): the messages not indexed yet, a few seconds'
/// worth, are scanned, so that the search finds a new message's text at once.
/// </summary>
internal static class RequestSearch
{
    /// <summary>FTS5's trigram tokenizer indexes three characters at a time: a shorter term has nothing to look up and is scanned for.</summary>
    private const int TrigramLength = 3;

    /// <summary>The SQLite function that scans a text not indexed yet, named in <see cref="PendingOnSqlite"/>'s query.</summary>
    private const string PendingTextFunction = "cc_text_holds";

    /// <summary>The requests among <paramref name="requests"/> that match <paramref name="term"/> (lower case, not empty).</summary>
    public static IQueryable<Request> Matching(TenantDbContext db, IQueryable<Request> requests, string term)
    {
        if (db.Database.IsSqlite() && term.Length >= TrigramLength)
        {
            // A phrase of the trigram tokenizer matches where the text holds it as a substring, folded as lower() folds
            // and beyond ASCII too (SQLite's lower() leaves Ä as it is). Rows are found by rowid: the FTS tables index
            // the tables' own rows (external content), kept current by triggers.
            var phrase = "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var found = db.Requests
                .FromSql($"""SELECT * FROM "Requests" WHERE rowid IN (SELECT rowid FROM "RequestSearch" WHERE "RequestSearch" MATCH {phrase})""")
                .Select(r => r.Id)
                .Concat(db.RequestMessages
                    .FromSql($"""SELECT * FROM "RequestMessages" WHERE rowid IN (SELECT rowid FROM "MessageSearch" WHERE "MessageSearch" MATCH {phrase})""")
                    .Select(m => m.RequestId))
                .Concat(db.RequestMessages
                    .FromSql($"""SELECT * FROM "RequestMessages" WHERE rowid IN (SELECT rowid FROM "MessageTextSearch" WHERE "MessageTextSearch" MATCH {phrase})""")
                    .Select(m => m.RequestId))
                .Concat(PendingOnSqlite(db, term));
            return requests.Where(r => found.Contains(r.Id));
        }

#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(); the culture-taking overloads do not translate.
        if (db.Database.IsNpgsql())
        {
            // lower(column) LIKE '%term%' is what the trigram indexes over lower(column) serve; one list of matching ids
            // (a union the planner joins) rather than an OR with a subquery, which would scan every request.
            var pattern = "%" + EscapeLike(term) + "%";
            const string escape = "\\";
            var found = db.Requests
                .Where(r => EF.Functions.Like(r.Subject.ToLower(), pattern, escape) || EF.Functions.Like(r.ContactEmail!.ToLower(), pattern, escape))
                .Select(r => r.Id)
                .Concat(db.RequestMessages
                    // The text in two arms, each naming the flag, so that each arm's partial index serves it in one
                    // BitmapOr with the senders' indexes: the trigram index over indexed texts, the short list of the rest.
                    .Where(m => EF.Functions.Like(m.FromAddress!.ToLower(), pattern, escape) || EF.Functions.Like(m.FromName!.ToLower(), pattern, escape)
                        || (m.TextIndexed && EF.Functions.Like(m.Text!.ToLower(), pattern, escape))
                        || (!m.TextIndexed && EF.Functions.Like(m.Text!.ToLower(), pattern, escape)))
                    .Select(m => m.RequestId));
            return requests.Where(r => found.Contains(r.Id));
        }

        return requests.Where(r => r.Subject.ToLower().Contains(term) || r.ContactEmail!.ToLower().Contains(term)
            || db.RequestMessages.Any(m => m.RequestId == r.Id
                && (m.FromAddress!.ToLower().Contains(term) || m.FromName!.ToLower().Contains(term) || m.Text!.ToLower().Contains(term))));
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>
    /// The requests of the messages whose text is not in the FTS table yet and holds the term, folded as the trigram
    /// tokenizer folds (beyond ASCII, which SQLite's lower() does not): through a function of this connection's own,
    /// registered for the query (Microsoft.Data.Sqlite keeps it for whenever the connection opens).
    /// </summary>
    private static IQueryable<Guid> PendingOnSqlite(TenantDbContext db, string term)
    {
        ((SqliteConnection)db.Database.GetDbConnection()).CreateFunction(
            PendingTextFunction, (string? text, string folded) => text is not null && text.ToLowerInvariant().Contains(folded, StringComparison.Ordinal),
            isDeterministic: true);
        return db.RequestMessages
            .FromSql($"""SELECT * FROM "RequestMessages" WHERE NOT "TextIndexed" AND cc_text_holds("Text", {term})""")
            .Select(m => m.RequestId);
    }

    /// <summary>The term as the literal text of a LIKE pattern that escapes with a backslash.</summary>
    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

using ContactCenter.Server.Tools;

namespace ContactCenter.Server.Tests.Tools;

/// <summary>
/// <c>migrations script</c> prints the migrations' SQL with no database anywhere: the contexts it builds have no
/// connection string at all, so anything that tried to connect would fail these tests.
/// </summary>
public sealed class MigrationsCommandShould : IDisposable
{
    private readonly StringWriter stdout = new(), stderr = new();

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
    }

    private Task<int> Run(params string[] args) => MigrationsCommand.RunAsync(args, stdout, stderr, CancellationToken.None);

    [Fact]
    public void RunAsAFileToolThatOpensNoDatabase()
    {
        Assert.True(CommandLine.IsStandaloneCommand(["migrations", "script", "--provider", "SqlServer"]));
        Assert.False(CommandLine.IsCommand(["migrations", "script", "--provider", "SqlServer"]));
    }

    [Fact]
    public async Task PrintTheCatalogThenTheTenantScriptForSqlServerIdempotently()
    {
        Assert.Equal(0, await Run("script", "--provider", "SqlServer"));

        var sql = stdout.ToString();
        Assert.Equal("", stderr.ToString());
        var catalog = sql.IndexOf("-- ContactCenter catalog migrations for SqlServer (idempotent)", StringComparison.Ordinal);
        var tenant = sql.IndexOf("-- ContactCenter tenant migrations for SqlServer (idempotent)", StringComparison.Ordinal);
        Assert.True(catalog == 0 && tenant > catalog, sql[..Math.Min(sql.Length, 300)]);
        Assert.Contains("-- Run with QUOTED_IDENTIFIER ON (sqlcmd -I).", sql, StringComparison.Ordinal);
        Assert.InRange(sql.IndexOf("CREATE TABLE [Tenants]", StringComparison.Ordinal), catalog, tenant);
        Assert.True(sql.IndexOf("CREATE TABLE [Settings]", StringComparison.Ordinal) > tenant);
        Assert.Contains("WHERE [MigrationId] = N'20261122080000_CreateCatalog'", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE [MigrationId] = N'20261122080000_CreateTenant'", sql, StringComparison.Ordinal);
        Assert.Contains("[Id] uniqueidentifier NOT NULL", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintOnlyTheTenantScriptForPostgresIdempotently()
    {
        Assert.Equal(0, await Run("script", "--provider", "Postgres", "--context", "tenant"));

        var sql = stdout.ToString();
        Assert.StartsWith("-- ContactCenter tenant migrations for Postgres (idempotent)", sql, StringComparison.Ordinal);
        Assert.Contains("""IF NOT EXISTS(SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261122080000_CreateTenant')""", sql, StringComparison.Ordinal);
        Assert.Contains("""CREATE TABLE "Settings" (""", sql, StringComparison.Ordinal);
        Assert.Contains("uuid NOT NULL", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("""CREATE TABLE "Tenants" (""", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("catalog migrations", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintThePlainScriptForSqliteWhichCannotBeIdempotent()
    {
        Assert.Equal(0, await Run("script", "--provider", "sqlite", "--context", "Catalog"));

        var sql = stdout.ToString();
        Assert.StartsWith("-- ContactCenter catalog migrations for Sqlite (from an empty database, not idempotent)", sql, StringComparison.Ordinal);
        Assert.Contains("""CREATE TABLE "Tenants" (""", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("""WHERE "MigrationId" =""", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("""CREATE TABLE "Settings" (""", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "apply" }, null)]
    [InlineData(new[] { "script" }, "--provider is required")]
    [InlineData(new[] { "script", "--provider" }, "--provider needs a value")]
    [InlineData(new[] { "script", "--provider", "Oracle" }, "unknown provider 'Oracle'")]
    [InlineData(new[] { "script", "--provider", "1" }, "unknown provider '1'")]
    [InlineData(new[] { "script", "--provider", "SqlServer", "--context", "tenants" }, "unknown context 'tenants' (catalog or tenant)")]
    [InlineData(new[] { "script", "--provider", "SqlServer", "--idempotent" }, "unknown argument '--idempotent'")]
    public async Task RefuseWrongUsageWithExitCodeTwoAndPrintNoSql(string[] args, string? problem)
    {
        Assert.Equal(2, await Run(args));

        Assert.Equal("", stdout.ToString());
        var error = stderr.ToString();
        Assert.Contains("usage: migrations script --provider SqlServer|Postgres|Sqlite [--context catalog|tenant]", error, StringComparison.Ordinal);
        if (problem is not null)
        {
            Assert.StartsWith("error: " + problem, error, StringComparison.Ordinal);
        }
    }
}

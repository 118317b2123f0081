using Microsoft.Data.SqlClient;

namespace ContactCenter.Testing;

/// <summary>
/// The SQL Server <c>CC_TEST_SQLSERVER</c> names (a connection string without a database): the Azure pipeline's service
/// container, or one of your own. No SQL Server engine runs on our machines, so without it SQL Server tests are skipped.
/// </summary>
public static class SqlServerTestServer
{
    public const string Variable = "CC_TEST_SQLSERVER";

    /// <summary>The connection string, or null when SQL Server tests are to be skipped.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why SQL Server rows and classes are skipped, or null when a server is configured.</summary>
    public static string? SkipReason => ConnectionString is null
        ? $"{Variable} names no SQL Server (no engine runs here; azure-pipelines.yml runs these tests with one)."
        : null;

    /// <summary>The connection string; a test that gets this far without one fails (skipping is decided before).</summary>
    public static string RequiredConnectionString =>
        ConnectionString ?? throw new InvalidOperationException($"{Variable} is not set, so this SQL Server test should have been skipped.");

    /// <summary>The connection string of database <paramref name="name"/> on the server.</summary>
    public static string ConnectionStringFor(string name) =>
        new SqlConnectionStringBuilder(RequiredConnectionString) { InitialCatalog = name }.ConnectionString;

    /// <summary>Runs a statement in <c>master</c>.</summary>
    public static async Task ExecuteOnMasterAsync(string sql)
    {
        await using var connection = await OpenMasterAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Names of the databases on the server that start with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> DatabasesAsync(string prefix)
    {
        await using var connection = await OpenMasterAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sys.databases WHERE LEFT(name, LEN(@prefix)) = @prefix ORDER BY name";
        command.Parameters.AddWithValue("@prefix", prefix);
        return await DatabaseNames.ReadAsync(command);
    }

    /// <summary>Drops the database if it exists, closing the connections still open on it.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        SqlConnection.ClearAllPools();
        await using var connection = await OpenMasterAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            IF DB_ID(@name) IS NOT NULL
            BEGIN
                DECLARE @sql nvarchar(max) = N'ALTER DATABASE ' + QUOTENAME(@name) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ' + QUOTENAME(@name);
                EXEC sp_executesql @sql;
            END;
            """;
        command.Parameters.AddWithValue("@name", name);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<SqlConnection> OpenMasterAsync()
    {
        var connection = new SqlConnection(new SqlConnectionStringBuilder(RequiredConnectionString) { InitialCatalog = "master", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}

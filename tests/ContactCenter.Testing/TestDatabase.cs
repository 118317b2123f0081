using ContactCenter.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContactCenter.Testing;

/// <summary>
/// A throw-away database for one test or fixture, on SQLite (a file in a temporary folder), on the
/// PostgreSQL cluster the test command starts (<c>CC_TEST_POSTGRES</c>) or on the SQL Server <c>CC_TEST_SQLSERVER</c> names.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFolder;

    private TestDatabase(DatabaseProvider provider, string name, string connectionString, string? sqliteFolder)
    {
        Provider = provider;
        Name = name;
        ConnectionString = connectionString;
        _sqliteFolder = sqliteFolder;
    }

    public DatabaseProvider Provider { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A database name nobody else uses; PostgreSQL database names are lower case and at most 63 bytes.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];

    /// <summary>Creates nothing yet: the database appears when EF creates or migrates it.</summary>
    public static TestDatabase Create(DatabaseProvider provider, string prefix = "cc_test")
    {
        var name = UniqueName(prefix);
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = TestFolders.Create();
            return new TestDatabase(provider, name, $"Data Source={Path.Combine(folder, name + ".db")}", folder);
        }

        if (provider == DatabaseProvider.SqlServer)
        {
            return new TestDatabase(provider, name, SqlServerTestServer.ConnectionStringFor(name), null);
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = name };
        return new TestDatabase(provider, name, builder.ConnectionString, null);
    }

    public DbContextOptions<TContext> Options<TContext>()
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>().UseProvider(Provider, ConnectionString).Options;

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            if (_sqliteFolder is not null)
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
        }
        else if (Provider == DatabaseProvider.SqlServer)
        {
            await SqlServerTestServer.DropDatabaseAsync(Name);
        }
        else
        {
            await PostgresServer.DropDatabaseAsync(Name);
        }
    }
}

/// <summary>The PostgreSQL cluster started by <c>infra/dev/test.sh</c>.</summary>
public static class PostgresServer
{
    /// <summary>Connection string without a database; the tests fail, not skip, when it is missing.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "CC_TEST_POSTGRES is not set. Run the tests with infra/dev/test.sh, which starts PostgreSQL on loopback, " +
            "or export CC_TEST_POSTGRES=\"$(infra/dev/postgres.sh url)\" after infra/dev/postgres.sh start.");

    public static async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Names of the databases on the cluster that start with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> DatabasesAsync(string prefix)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT datname FROM pg_database WHERE starts_with(datname, @prefix) ORDER BY datname";
        command.Parameters.AddWithValue("prefix", prefix);
        return await DatabaseNames.ReadAsync(command);
    }
}

/// <summary>Reads the names a query of database names returns (first column).</summary>
internal static class DatabaseNames
{
    public static async Task<IReadOnlyList<string>> ReadAsync(System.Data.Common.DbCommand command)
    {
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}

/// <summary>Temporary folders under the system temp path, one per test or fixture.</summary>
public static class TestFolders
{
    public static string Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "contactcenter-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}

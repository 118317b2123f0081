using Npgsql;

namespace ContactCenter.Testing;

/// <summary>The second PostgreSQL cluster <c>infra/dev/test.sh</c> starts (port 55433): a second database server for tenants.</summary>
public static class SecondPostgresServer
{
    /// <summary>Connection string without a database; the tests fail, not skip, when it is missing.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CC_TEST_POSTGRES_2")
        ?? throw new InvalidOperationException(
            "CC_TEST_POSTGRES_2 is not set. Run the tests with infra/dev/test.sh, which starts a second PostgreSQL cluster, " +
            "or export CC_TEST_POSTGRES_2=\"$(CC_PG_INSTANCE=2 infra/dev/postgres.sh url)\" after CC_PG_INSTANCE=2 infra/dev/postgres.sh start.");

    /// <summary>Names of the databases on the second cluster that start with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> DatabasesAsync(string prefix)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT datname FROM pg_database WHERE starts_with(datname, @prefix) ORDER BY datname";
        command.Parameters.AddWithValue("prefix", prefix);
        return await DatabaseNames.ReadAsync(command);
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }

    private static string AdminConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
}

using Microsoft.Data.Sqlite;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>
/// EF Core (Microsoft.Data.Sqlite) and Hangfire's SQLite storage (sqlite-net) share one native SQLite: our SQLitePCLRaw
/// 3.x pins, not the 2.x bundle Hangfire.Storage.SQLite names, whose older library would replace ours in the output.
/// </summary>
public sealed class SqliteLibrariesShould
{
    /// <summary>The native SQLite that the SQLitePCLRaw 2.1.11 bundle ships (lib.e_sqlite3 2.1.11).</summary>
    private const string TwoXBundleVersion = "3.49.1";

    [Fact]
    public void UseOneNativeSqliteOfTheThreeXPins()
    {
        using var efCore = new SqliteConnection("Data Source=:memory:");
        efCore.Open();
        using var command = efCore.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        var efCoreVersion = (string)command.ExecuteScalar()!;
        using var sqliteNet = new SQLite.SQLiteConnection(":memory:");
        var sqliteNetVersion = sqliteNet.ExecuteScalar<string>("SELECT sqlite_version()");

        Assert.Equal(efCoreVersion, sqliteNetVersion);
        Assert.NotEqual(TwoXBundleVersion, efCoreVersion);
        Assert.True(Version.Parse(efCoreVersion) >= new Version(3, 50), $"SQLite {efCoreVersion} is older than the 3.x pins bring.");
    }
}

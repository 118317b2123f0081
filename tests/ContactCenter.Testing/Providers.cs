using ContactCenter.Data;
using Xunit;

namespace ContactCenter.Testing;

/// <summary>
/// Theory data: every data test runs on SQLite and PostgreSQL, and on SQL Server when <c>CC_TEST_SQLSERVER</c> names one
/// (no SQL Server engine runs on our machines; the Azure pipeline starts one). Without it the SQL Server rows are skipped.
/// </summary>
public sealed class AllProviders : TheoryData<DatabaseProvider>
{
    public AllProviders()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
        Add(new TheoryDataRow<DatabaseProvider>(DatabaseProvider.SqlServer) { Skip = SqlServerTestServer.SkipReason });
    }
}

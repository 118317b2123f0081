using ContactCenter.Data;
using Xunit;

namespace ContactCenter.Testing;

/// <summary>Theory data: every data test runs on both providers.</summary>
public sealed class AllProviders : TheoryData<DatabaseProvider>
{
    public AllProviders()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
    }
}

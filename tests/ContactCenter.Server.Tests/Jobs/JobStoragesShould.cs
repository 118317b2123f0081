using ContactCenter.Data;
using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>The storage choice by <c>Database:Provider</c> where no database is needed to see it.</summary>
public sealed class JobStoragesShould
{
    [Fact]
    public void AskForTheSqlServerCatalogWhenItIsMissing()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JobStorages.Create(new DatabaseSettings { Provider = DatabaseProvider.SqlServer }));

        Assert.Contains("Database:SqlServer:Catalog", refused.Message, StringComparison.Ordinal);
    }
}

using ContactCenter.Server.Jobs;
using ContactCenter.Server.Tenancy;
using Microsoft.Extensions.Configuration;

namespace ContactCenter.Server.Tests.Jobs;

/// <summary>The storage choice by <c>Database:Provider</c> where no database is needed to see it.</summary>
public sealed class JobStoragesShould
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void AskForTheSqlServerCatalogWhenItIsMissing()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JobStorages.Create("SqlServer", new DatabaseSettings(), Empty));

        Assert.Contains("Database:SqlServer:Catalog", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseAProviderWithoutJobStorage()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JobStorages.Create("Oracle", new DatabaseSettings(), Empty));

        Assert.Contains("'Oracle'", refused.Message, StringComparison.Ordinal);
    }
}

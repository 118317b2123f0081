using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Update;

namespace ContactCenter.Data;

/// <summary>
/// SQL Server's migration SQL for our hand-written migrations, which have no target model: without one, EF cannot tell
/// which columns are nullable and filters every unique index with <c>IS NOT NULL</c> on all its columns. Here a unique
/// index is filtered only where the migration names a filter, as EF's SQL Server model does for nullable columns (the
/// offline SQL Server checks in the migration tests compare the two).
/// </summary>
public sealed class SqlServerMigrationsWithoutTargetModel(MigrationsSqlGeneratorDependencies dependencies, ICommandBatchPreparer commandBatchPreparer)
    : SqlServerMigrationsSqlGenerator(dependencies, commandBatchPreparer)
{
    protected override bool UseLegacyIndexFilters(CreateIndexOperation operation, IModel? model) => false;
}

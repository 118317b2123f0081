using ContactCenter.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace ContactCenter.Migrations.Tests.SqlServer;

/// <summary>The SQL Server checks catch each thing SQL Server refuses, in small schemas made here.</summary>
public sealed class SqlServerRulesShould
{
    [Fact]
    public void FindTwoCascadingPathsFromOneTableToAnother()
    {
        var schema = Build(b =>
        {
            Table(b, "Tenants");
            Table(b, "Partners", ("TenantId", ReferentialAction.Cascade, "Tenants"), ("SourceTenantId", ReferentialAction.Cascade, "Tenants"));
        });

        var problem = Assert.Single(SqlServerRules.Check(schema));
        Assert.StartsWith("more than one cascading path from Tenants to Partners", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindTwoCascadingPathsThroughOtherTables()
    {
        var schema = Build(b =>
        {
            Table(b, "Groups");
            Table(b, "Agents", ("GroupId", ReferentialAction.Cascade, "Groups"));
            Table(b, "Queues", ("GroupId", ReferentialAction.SetNull, "Groups"));
            Table(b, "Assignments", ("AgentId", ReferentialAction.Cascade, "Agents"), ("QueueId", ReferentialAction.Cascade, "Queues"));
        });

        var problem = Assert.Single(SqlServerRules.Check(schema));
        Assert.StartsWith("more than one cascading path from Groups to Assignments", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindCascadeCycles()
    {
        var schema = Build(b =>
        {
            Table(b, "People", ("ManagerId", ReferentialAction.Cascade, "People"));
            Table(b, "A", ("BId", ReferentialAction.Cascade, "B"));
            Table(b, "B", ("AId", ReferentialAction.Cascade, "A"));
        });

        var problems = SqlServerRules.Check(schema);

        Assert.Contains(problems, p => p.StartsWith("cascade cycle from People", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("cascade cycle from A", StringComparison.Ordinal));
    }

    [Fact]
    public void LetForeignKeysThatDoNothingOnDeleteMeetAgain()
    {
        var schema = Build(b =>
        {
            Table(b, "Tenants");
            Table(b, "Partners", ("TenantId", ReferentialAction.Cascade, "Tenants"), ("SourceTenantId", ReferentialAction.NoAction, "Tenants"),
                ("OtherId", ReferentialAction.Restrict, "Tenants"));
        });

        Assert.Empty(SqlServerRules.Check(schema));
    }

    [Fact]
    public void FindMaxTypedColumnsInKeysAndIndexes()
    {
        var schema = Build(b =>
        {
            // A string key without a length is nvarchar(max) in a migration without a target model.
            b.CreateTable("Logins", t => new { Provider = t.Column<string>(nullable: false), Note = t.Column<string>(nullable: true) },
                constraints: t => t.PrimaryKey("PK_Logins", x => x.Provider));
            b.CreateIndex("IX_Logins_Note", "Logins", "Note");
        });

        var problems = SqlServerRules.Check(schema);

        Assert.Equal(2, problems.Count);
        Assert.Contains("Logins.PK_Logins: Provider is nvarchar(max), which SQL Server cannot use in a key or index", problems);
        Assert.Contains("Logins.IX_Logins_Note: Note is nvarchar(max), which SQL Server cannot use in a key or index", problems);
    }

    [Fact]
    public void FindKeysLongerThan900Bytes()
    {
        var schema = Build(b =>
        {
            b.CreateTable("Logins", t => new
                {
                    Provider = t.Column<string>(maxLength: 450, nullable: false),
                    Key = t.Column<string>(maxLength: 450, nullable: false),
                    Code = t.Column<string>(unicode: false, maxLength: 884, nullable: false),
                    Id = t.Column<Guid>(nullable: false),
                },
                constraints: t => t.PrimaryKey("PK_Logins", x => new { x.Provider, x.Key }));
            b.CreateIndex("IX_Logins_Code_Id", "Logins", ["Code", "Id"]);
        });

        Assert.Equal(["Logins.PK_Logins: its key may take 1800 bytes, more than SQL Server's 900"], SqlServerRules.Check(schema));
    }

    [Fact]
    public void CatchWhatTheCatalogMigrationsGaveSqlServerBeforeTheyKnewIt()
    {
        // The catalog's migrations as PostgreSQL gets them, typed for SQL Server: what SQL Server got before the
        // migrations said anything for it.
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, MigrationContext.Catalog);
        var assembly = db.GetService<IMigrationsAssembly>();
        var operations = assembly.Migrations.Values
            .SelectMany(m => assembly.CreateMigration(m, "Npgsql.EntityFrameworkCore.PostgreSQL").UpOperations);

        var problems = SqlServerRules.Check(SqlServerSchema.FromOperations(operations, db.GetService<IRelationalTypeMappingSource>()));

        Assert.Contains(problems, p => p.StartsWith("more than one cascading path from Tenants to EscalationPartners", StringComparison.Ordinal));
        Assert.Contains("AspNetUserLogins.PK_AspNetUserLogins: LoginProvider is nvarchar(max), which SQL Server cannot use in a key or index", problems);
        Assert.Contains("AspNetUserTokens.PK_AspNetUserTokens: Name is nvarchar(max), which SQL Server cannot use in a key or index", problems);
    }

    [Fact]
    public void ReadTheSameProblemsFromAnEfModel()
    {
        using var db = new CascadingContext();

        var problems = SqlServerRules.Check(SqlServerSchema.FromModel(db.GetService<IDesignTimeModel>().Model));

        var problem = Assert.Single(problems);
        Assert.StartsWith("more than one cascading path from Owners to Pets", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseToDropAColumnAnIndexStillUses()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Build(b =>
        {
            b.CreateTable("Contacts", t => new { Id = t.Column<Guid>(nullable: false), Email = t.Column<string>(maxLength: 320, nullable: true) },
                constraints: t => t.PrimaryKey("PK_Contacts", x => x.Id));
            b.CreateIndex("IX_Contacts_Email", "Contacts", "Email");
            b.DropColumn("Email", "Contacts");
        }));

        Assert.Contains("IX_Contacts_Email", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefuseTypesSqlServerDoesNotHave()
    {
        Assert.Throws<ArgumentException>(() => SqlServerRules.MaxBytes("uuid"));
        Assert.Throws<ArgumentException>(() => SqlServerRules.MaxBytes("timestamp with time zone"));
        Assert.Equal(640, SqlServerRules.MaxBytes("nvarchar(320)"));
        Assert.Null(SqlServerRules.MaxBytes("varbinary(max)"));
    }

    /// <summary>A table with an id and a foreign key column per reference, each with its delete action.</summary>
    private static void Table(MigrationBuilder b, string name, params (string Column, ReferentialAction OnDelete, string Principal)[] references)
    {
        b.CreateTable(name, t => new { Id = t.Column<Guid>(nullable: false) }, constraints: t => t.PrimaryKey($"PK_{name}", x => x.Id));
        foreach (var (column, onDelete, principal) in references)
        {
            b.AddColumn<Guid>(column, name, nullable: true);
            b.AddForeignKey($"FK_{name}_{principal}_{column}", name, column, principal, principalColumn: "Id", onDelete: onDelete);
        }
    }

    private static SqlServerSchema Build(Action<MigrationBuilder> migration)
    {
        using var db = MigrationScripts.Open(DatabaseProvider.SqlServer, MigrationContext.Tenant);
        var builder = new MigrationBuilder(db.Database.ProviderName);
        migration(builder);
        return SqlServerSchema.FromOperations(builder.Operations, db.GetService<IRelationalTypeMappingSource>());
    }

    private sealed class Owner
    {
        public Guid Id { get; set; }
    }

    private sealed class Pet
    {
        public Guid Id { get; set; }

        public Guid OwnerId { get; set; }

        public Guid FormerOwnerId { get; set; }
    }

    /// <summary>Two required references to one table: EF cascades both, as the escalation partners once did.</summary>
    private sealed class CascadingContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlServer();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Owner>().ToTable("Owners");
            modelBuilder.Entity<Pet>(pet =>
            {
                pet.ToTable("Pets");
                pet.HasOne<Owner>().WithMany().HasForeignKey(p => p.OwnerId);
                pet.HasOne<Owner>().WithMany().HasForeignKey(p => p.FormerOwnerId);
            });
        }
    }
}

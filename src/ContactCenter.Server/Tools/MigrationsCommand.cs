using ContactCenter.Data;
using ContactCenter.Migrations;

namespace ContactCenter.Server.Tools;

/// <summary>
/// Prints the SQL of the migrations without touching a database:
/// <c>migrations script --provider SqlServer|Postgres|Sqlite [--context catalog|tenant]</c> (no context: the catalog's,
/// then a tenant database's). Idempotent for SQL Server and PostgreSQL; EF cannot make SQLite scripts idempotent.
/// Exit codes: 0 done, 2 wrong usage.
/// </summary>
public static class MigrationsCommand
{
    private const string Usage = """
        usage: migrations script --provider SqlServer|Postgres|Sqlite [--context catalog|tenant]
        """;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(args.FirstOrDefault() switch
        {
            "script" => Script(args[1..], stdout, stderr),
            _ => CommandOptions.UsageError(stderr, null, Usage),
        });
    }

    private static int Script(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!CommandOptions.TryParse(args, ["--provider", "--context"], out var options, out var problem))
        {
            return CommandOptions.UsageError(stderr, problem, Usage);
        }
        if (!options.TryGetValue("--provider", out var providerName))
        {
            return CommandOptions.UsageError(stderr, "--provider is required", Usage);
        }
        // Names only, never numbers: Enum.TryParse would take "1" for a provider.
        if (!Enum.GetNames<DatabaseProvider>().Contains(providerName, StringComparer.OrdinalIgnoreCase))
        {
            return CommandOptions.UsageError(stderr, $"unknown provider '{providerName}'", Usage);
        }
        var provider = Enum.Parse<DatabaseProvider>(providerName, ignoreCase: true);

        MigrationContext[] contexts;
        switch (options.GetValueOrDefault("--context")?.ToLowerInvariant())
        {
            case null:
                contexts = [MigrationContext.Catalog, MigrationContext.Tenant];
                break;
            case "catalog":
                contexts = [MigrationContext.Catalog];
                break;
            case "tenant":
                contexts = [MigrationContext.Tenant];
                break;
            default:
                return CommandOptions.UsageError(stderr, $"unknown context '{options["--context"]}' (catalog or tenant)", Usage);
        }

        foreach (var context in contexts)
        {
            var database = context == MigrationContext.Catalog ? "the catalog database" : "each tenant database";
            var kind = MigrationScripts.IsIdempotent(provider) ? "idempotent" : "from an empty database, not idempotent";
            stdout.WriteLine($"-- ContactCenter {context.ToString().ToLowerInvariant()} migrations for {provider} ({kind}): run in {database}.");
            if (provider == DatabaseProvider.SqlServer)
            {
                // The filtered indexes and the raw SQL's "quoted" names need it; sqlcmd has it off unless given -I.
                stdout.WriteLine("-- Run with QUOTED_IDENTIFIER ON (sqlcmd -I).");
            }
            stdout.WriteLine(MigrationScripts.Generate(provider, context));
        }
        return 0;
    }
}

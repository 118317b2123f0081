using System.Globalization;

namespace ContactCenter.Server.Platform;

/// <summary>
/// The operator CLI: <c>migrate [--parallelism N]</c>, <c>tenants list</c>, <c>tenants suspend|resume &lt;slug&gt;</c>,
/// <c>tenants delete &lt;slug&gt; --confirm &lt;slug&gt;</c>.
/// </summary>
public static class PlatformCommands
{
    public static async Task<int> MigrateAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var parallelismText = Option(args, "--parallelism") ?? "4";
        if (!int.TryParse(parallelismText, NumberStyles.None, CultureInfo.InvariantCulture, out var parallelism) || parallelism is < 1 or > 64)
        {
            error.WriteLine($"--parallelism must be a whole number from 1 to 64, not '{parallelismText}'. usage: migrate [--parallelism N]");
            return 2;
        }

        var migrator = services.GetRequiredService<TenantMigrator>();
        var progress = new SynchronousProgress<TenantMigrationProgress>(p => output.WriteLine(
            p.Latest.Succeeded
                ? $"[{p.Done}/{p.Total}] {p.Latest.Slug}: up to date ({p.Latest.Applied} applied, {p.Latest.SchemaVersion}) in {p.Latest.Elapsed.TotalMilliseconds:F0} ms"
                : $"[{p.Done}/{p.Total}] {p.Latest.Slug}: FAILED: {p.Latest.Error}"));
        var results = await migrator.MigrateAllAsync(parallelism, progress, cancellationToken);
        var failed = results.Where(r => !r.Succeeded).Select(r => r.Slug).ToList();
        output.WriteLine($"{results.Count - failed.Count} of {results.Count} tenant databases up to date" +
            (failed.Count > 0 ? $"; failed: {string.Join(", ", failed)}. Run 'migrate' again after fixing the cause." : "."));
        return failed.Count == 0 ? 0 : 1;
    }

    public static async Task<int> TenantsAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var operations = scope.ServiceProvider.GetRequiredService<TenantOperations>();
        var verb = args.ElementAtOrDefault(0);
        var slug = args.ElementAtOrDefault(1);
        try
        {
            switch (verb)
            {
                case "list":
                    var tenants = await operations.ListAsync(cancellationToken);
                    output.WriteLine($"{"SLUG",-40} {"STATUS",-12} {"CREATED (UTC)",-20} {"DATABASE",-50} NAME");
                    foreach (var t in tenants)
                    {
                        output.WriteLine($"{t.Slug,-40} {t.Status,-12} {t.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {t.DatabaseServer + "/" + t.DatabaseName,-50} {t.Name}");
                    }

                    output.WriteLine($"{tenants.Count} tenant(s)");
                    return 0;
                case "suspend" when slug is not null:
                    output.WriteLine($"{(await operations.SuspendAsync(slug, cancellationToken)).Slug}: suspended");
                    return 0;
                case "resume" when slug is not null:
                    output.WriteLine($"{(await operations.ResumeAsync(slug, cancellationToken)).Slug}: active");
                    return 0;
                case "delete" when slug is not null:
                    await operations.DeleteAsync(slug, Option(args, "--confirm"), cancellationToken);
                    output.WriteLine($"{slug}: deleted, database dropped");
                    return 0;
                default:
                    error.WriteLine("usage: tenants list | tenants suspend <slug> | tenants resume <slug> | tenants delete <slug> --confirm <slug>");
                    return 2;
            }
        }
        catch (InvalidOperationException refused)
        {
            error.WriteLine(refused.Message);
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Reports on the caller's thread, so progress lines are never lost or reordered at exit.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}

using System.Globalization;

namespace ContactCenter.Server.Platform;

/// <summary>
/// The operator CLI: <c>migrate [--parallelism N]</c>, <c>tenants list</c>, <c>tenants suspend|resume &lt;slug&gt;</c>,
/// <c>tenants delete &lt;slug&gt; --confirm &lt;slug&gt;</c>, <c>tenants servers</c>,
/// <c>tenants move &lt;slug&gt; --to &lt;server&gt; [--wait &lt;seconds&gt;] [--keep-source]</c>,
/// <c>tenants backup &lt;slug&gt; --out &lt;file&gt;</c>, <c>tenants restore &lt;slug&gt; --from &lt;file&gt; [--as &lt;new slug&gt;]</c>.
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

    private const string TenantsUsage =
        "usage: tenants list | tenants servers | tenants suspend <slug> | tenants resume <slug> | tenants delete <slug> --confirm <slug>\n" +
        "       tenants move <slug> --to <server> [--wait <seconds>] [--keep-source]\n" +
        "       tenants backup <slug> --out <file> | tenants restore <slug> --from <file> [--as <new slug>]";

    public static async Task<int> TenantsAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
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
                case "servers":
                    var servers = await scope.ServiceProvider.GetRequiredService<Tenancy.TenantPlacement>().ServersAsync(cancellationToken);
                    output.WriteLine($"{"SERVER",-30} TENANTS");
                    foreach (var (server, count) in servers)
                    {
                        output.WriteLine($"{server,-30} {count}");
                    }

                    return 0;
                case "move" when slug is not null:
                    return await MoveAsync(scope.ServiceProvider, slug, args, output, error, cancellationToken);
                case "backup" when slug is not null && Option(args, "--out") is { } outFile:
                    var manifest = await scope.ServiceProvider.GetRequiredService<TenantBackups>().BackupAsync(slug, outFile, cancellationToken);
                    output.WriteLine($"{slug}: backed up to {Path.GetFullPath(outFile)} ({new FileInfo(outFile).Length} bytes, {manifest.Provider}, schema {manifest.SchemaVersion})");
                    return 0;
                case "restore" when slug is not null && Option(args, "--from") is { } fromFile:
                    var restored = await scope.ServiceProvider.GetRequiredService<TenantBackups>()
                        .RestoreAsync(slug, fromFile, Option(args, "--as"), new SynchronousProgress<string>(output.WriteLine), cancellationToken);
                    output.WriteLine($"{restored.Slug}: restored from {Path.GetFullPath(fromFile)} ({(restored.Replaced ? "database replaced" : "tenant created")}, {restored.DatabaseServer}/{restored.DatabaseName})");
                    return 0;
                default:
                    error.WriteLine(TenantsUsage);
                    return 2;
            }
        }
        catch (InvalidOperationException refused)
        {
            error.WriteLine(refused.Message);
            return 1;
        }
        catch (Exception file) when (file is IOException or UnauthorizedAccessException)
        {
            // A backup's --out folder is missing or not writable: the message names the path.
            error.WriteLine(file.Message);
            return 1;
        }
    }

    private static async Task<int> MoveAsync(IServiceProvider services, string slug, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var target = Option(args, "--to");
        var waitText = Option(args, "--wait");
        var wait = Tenancy.TenantStore.TimeToLive;
        if (waitText is not null)
        {
            if (!double.TryParse(waitText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds > 3600)
            {
                error.WriteLine($"--wait must be a number of seconds from 0 to 3600, not '{waitText}'.");
                error.WriteLine(TenantsUsage);
                return 2;
            }

            wait = TimeSpan.FromSeconds(seconds);
        }

        if (target is null)
        {
            error.WriteLine("tenants move needs --to <server>.");
            error.WriteLine(TenantsUsage);
            return 2;
        }

        var mover = services.GetRequiredService<TenantMover>();
        await mover.MoveAsync(slug, target, new TenantMoveOptions(wait, args.Contains("--keep-source")), new SynchronousProgress<string>(output.WriteLine), cancellationToken);
        return 0;
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

using System.Diagnostics;
using Npgsql;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// pg_dump and pg_restore (Debian's postgresql-client), found on PATH or in <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>
/// (the newest, which reads dumps of every older server). Passwords go through the environment, never the command line.
/// </summary>
public static class PostgresTools
{
    /// <summary>Copies a database into another (empty) one: <c>pg_dump -Fc | pg_restore</c>, streamed, in one transaction on the target.</summary>
    /// <exception cref="PostgresToolException">Either tool failed or is missing.</exception>
    public static async Task CopyAsync(string sourceConnectionString, string targetConnectionString, CancellationToken cancellationToken)
    {
        using var dump = Start("pg_dump", sourceConnectionString, ["--format=custom", "--no-owner", "--no-privileges"], redirectInput: false);
        using var restore = Start("pg_restore", targetConnectionString, RestoreArguments, redirectInput: true);
        var dumpErrors = dump.StandardError.ReadToEndAsync(cancellationToken);
        var restoreErrors = restore.StandardError.ReadToEndAsync(cancellationToken);
        var restoreOutput = restore.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await dump.StandardOutput.BaseStream.CopyToAsync(restore.StandardInput.BaseStream, cancellationToken);
        }
        catch (IOException)
        {
            // pg_restore stopped reading (it failed): its exit code and message say why, below.
        }
        finally
        {
            restore.StandardInput.Close();
        }

        await Task.WhenAll(dump.WaitForExitAsync(cancellationToken), restore.WaitForExitAsync(cancellationToken));
        await restoreOutput;
        Check(dump, await dumpErrors);
        Check(restore, await restoreErrors);
    }

    /// <summary>Writes a custom-format dump of the database to a file.</summary>
    /// <exception cref="PostgresToolException">pg_dump failed or is missing.</exception>
    public static async Task DumpAsync(string sourceConnectionString, string file, CancellationToken cancellationToken)
    {
        using var dump = Start("pg_dump", sourceConnectionString, ["--format=custom", "--no-owner", "--no-privileges", "--file=" + file], redirectInput: false);
        await RunAsync(dump, cancellationToken);
    }

    /// <summary>Restores a custom-format dump into an empty database, in one transaction.</summary>
    /// <exception cref="PostgresToolException">pg_restore failed (a damaged dump, say) or is missing.</exception>
    public static async Task RestoreAsync(string file, string targetConnectionString, CancellationToken cancellationToken)
    {
        using var restore = Start("pg_restore", targetConnectionString, [.. RestoreArguments, file], redirectInput: false);
        await RunAsync(restore, cancellationToken);
    }

    private static readonly string[] RestoreArguments = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"];

    private static async Task RunAsync(Process process, CancellationToken cancellationToken)
    {
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output;
        Check(process, await errors);
    }

    private static void Check(Process process, string errors)
    {
        if (process.ExitCode != 0)
        {
            throw new PostgresToolException($"{Path.GetFileName(process.StartInfo.FileName)} failed (exit code {process.ExitCode}): {errors.Trim()}");
        }
    }

    private static Process Start(string tool, string connectionString, string[] arguments, bool redirectInput)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Find(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--host=" + connection.Host);
        start.ArgumentList.Add("--port=" + connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--username=" + connection.Username);
        start.ArgumentList.Add("--dbname=" + connection.Database);
        start.ArgumentList.Add("--no-password");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = connection.Password ?? "";
        start.Environment["PGCONNECT_TIMEOUT"] = "15";
        try
        {
            return Process.Start(start) ?? throw new PostgresToolException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new PostgresToolException($"{tool} could not be started ({missing.Message}); install Debian's postgresql-client.");
        }
    }

    /// <summary>The tool on PATH, else the newest one under /usr/lib/postgresql.</summary>
    /// <exception cref="PostgresToolException">Neither has it.</exception>
    public static string Find(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(folder => (Version: int.TryParse(Path.GetFileName(folder), out var version) ? version : -1, File: Path.Combine(folder, "bin", tool)))
                .Where(candidate => candidate.Version >= 0 && File.Exists(candidate.File))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.File)
                .FirstOrDefault()
            : null;
        return installed ?? throw new PostgresToolException($"{tool} is neither on PATH nor under /usr/lib/postgresql/*/bin: install Debian's postgresql-client.");
    }
}

/// <summary>pg_dump or pg_restore failed, or is not installed.</summary>
public sealed class PostgresToolException(string message) : InvalidOperationException(message);

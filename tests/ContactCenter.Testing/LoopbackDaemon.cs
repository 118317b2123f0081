using System.Diagnostics;
using System.Net.Sockets;

namespace ContactCenter.Testing;

/// <summary>
/// A Debian daemon (nginx, pgbouncer) run in the foreground for a test on a loopback port, with its configuration and
/// files in a folder of its own; stopped and removed when disposed. Its output goes to <c>daemon.log</c> in the folder.
/// </summary>
public sealed class LoopbackDaemon : IAsyncDisposable
{
    private readonly Process _process;

    private LoopbackDaemon(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string LogFile => Path.Combine(Folder, "daemon.log");

    /// <summary>
    /// Writes the files that <paramref name="configure"/> returns for the folder and port, starts <paramref name="program"/>
    /// with <paramref name="arguments"/> (which may name <c>{folder}</c>) and waits until the port accepts connections.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program is not installed, exited, or did not listen within 20 s.</exception>
    public static async Task<LoopbackDaemon> StartAsync(string program, string arguments, Func<string, int, IReadOnlyDictionary<string, string>> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var path = new[] { "/usr/sbin", "/usr/bin" }.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{program} is not installed: the test command installs it (infra/dev/test.sh).");
        var folder = Path.Combine(Path.GetTempPath(), $"cc-{program}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        // The daemons drop root for an unprivileged user, which must still read the configuration and write its files.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        }

        var port = ServerProcess.FreePort();
        foreach (var (name, content) in configure(folder, port))
        {
            var file = Path.Combine(folder, name);
            await File.WriteAllTextAsync(file, content);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, (UnixFileMode)0x1A4);
            }
        }

        var start = new ProcessStartInfo(path, arguments.Replace("{folder}", folder, StringComparison.Ordinal))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        var log = new StreamWriter(Path.Combine(folder, "daemon.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new LoopbackDaemon(process, folder, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await File.ReadAllTextAsync(daemon.LogFile)}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return daemon;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}

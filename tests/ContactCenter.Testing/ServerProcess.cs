using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContactCenter.Testing;

/// <summary>
/// The built server (<c>src/ContactCenter.Server/bin/&lt;configuration&gt;/net10.0/ContactCenter.Server.dll</c>, the same
/// configuration as the running test assembly) as an operating-system process of its own, configured through environment
/// variables: started, waited for until <c>/health</c> answers, killed with SIGKILL as a crash would, started again on the
/// same databases. What it writes goes to a log file (named in failures).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private Process? _process;
    private bool _closed;

    /// <param name="settings">Configuration keys (with <c>:</c>) and values; each becomes an environment variable.</param>
    /// <param name="logFile">Where the process's output goes (appended, across restarts).</param>
    public ServerProcess(IReadOnlyDictionary<string, string> settings, string logFile)
    {
        _settings = settings;
        LogFile = logFile;
        Port = FreePort();
        _log = new StreamWriter(logFile, append: true) { AutoFlush = true };
    }

    /// <summary>The loopback port the server listens on, the same across restarts.</summary>
    public int Port { get; }

    public string LogFile { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server binary of the same build configuration as the calling assembly, found upwards from it.</summary>
    /// <exception cref="FileNotFoundException">The server was not built in that configuration.</exception>
    public static string ServerAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var server = Path.Combine(folder.FullName, "src", "ContactCenter.Server");
            if (Directory.Exists(server))
            {
                var dll = Path.Combine(server, "bin", configuration, "net10.0", "ContactCenter.Server.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first ('dotnet build -c {configuration}'): {dll} is missing.", dll);
            }
        }

        throw new DirectoryNotFoundException($"No src/ContactCenter.Server above {AppContext.BaseDirectory}.");
    }

    /// <summary>Starts the process and waits until <c>/health</c> answers 200.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not answer within 90 s; the message points to the log.</exception>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server process is running already.");
        }

        var dll = ServerAssembly();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Urls"] = $"http://127.0.0.1:{Port}";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // As the image runs it (workstation GC); a benchmark may set DOTNET_gcServer=1 in its environment to compare.
        start.Environment.TryAdd("DOTNET_gcServer", "0");
        Starts++;
        Write($"---- start {Starts} at {DateTime.UtcNow:O}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartLimit;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server process exited with {process.ExitCode} while starting; see {LogFile}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The server process did not answer /health within {StartLimit.TotalSeconds} s; see {LogFile}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Linux: no shutdown, no lease given back) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        Write($"---- killed at {DateTime.UtcNow:O}");
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        lock (_logLock)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    /// <summary>A TCP port on loopback that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }
}

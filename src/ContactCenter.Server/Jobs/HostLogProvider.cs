using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace ContactCenter.Server.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider, set by whichever host configured Hangfire last. Once that host has
/// stopped, its logger factory is disposed and throws for every logger Hangfire still creates in hosts that run on
/// (the PostgreSQL storage creates one per fetched job): several hosts share one process in the tests. This provider
/// writes to its host's logging and goes quiet once that host has stopped.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime) : ILogProvider
{
    private readonly AspNetCoreLogProvider _host = new(loggerFactory);

    public ILog GetLogger(string name) => lifetime.ApplicationStopped.IsCancellationRequested ? Quiet.Instance : _host.GetLogger(name);

    private sealed class Quiet : ILog
    {
        public static readonly Quiet Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

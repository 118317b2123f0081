using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ContactCenter.EndToEnd.Tests.Support;

/// <summary>
/// The server's latest warnings and errors (and antiforgery and Data Protection notes), kept so that a failing browser
/// test can say what the server saw instead of only where the browser stood.
/// </summary>
public sealed class RecentServerLog : ILoggerProvider
{
    private const int Capacity = 200;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The kept lines, oldest first.</summary>
    public string Text => string.Join(Environment.NewLine, _lines);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(RecentServerLog log, string category) : ILogger
    {
        private readonly bool _verbose = category.StartsWith("Microsoft.AspNetCore.Antiforgery", StringComparison.Ordinal)
            || category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal)
            || category.StartsWith("Microsoft.AspNetCore.Mvc.ViewFeatures.Filters", StringComparison.Ordinal)
            || category.StartsWith("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= (_verbose ? LogLevel.Debug : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
        }
    }
}

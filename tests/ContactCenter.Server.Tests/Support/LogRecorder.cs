using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Server.Tests.Support;

/// <summary>A line logged by the server, with the values of every scope it was logged in.</summary>
public sealed record LoggedLine(string Category, string Message, IReadOnlyDictionary<string, object?> Scope);

/// <summary>
/// Records what loggers of categories under one prefix write, with the scopes any logger opened around it. It keeps
/// its own scopes rather than a logger factory's: hosts derived from a fixture (WithWebHostBuilder) share this
/// instance, and each factory would hand it its own scope provider.
/// </summary>
public sealed class LogRecorder(string categoryPrefix) : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedLine> _lines = new();
    private readonly LoggerExternalScopeProvider _scopes = new();
    private readonly string _categoryPrefix = categoryPrefix;

    public IReadOnlyList<LoggedLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => recorder._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => category.StartsWith(recorder._categoryPrefix, StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var scope = new Dictionary<string, object?>();
            recorder._scopes.ForEachScope((value, values) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        values[key] = item;
                    }
                }
            }, scope);
            recorder._lines.Enqueue(new LoggedLine(category, formatter(state, exception), scope));
        }
    }
}

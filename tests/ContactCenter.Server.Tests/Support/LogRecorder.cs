using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ContactCenter.Server.Tests.Support;

/// <summary>A line logged by the server, with the values of every scope it was logged in.</summary>
public sealed record LoggedLine(string Category, string Message, IReadOnlyDictionary<string, object?> Scope);

/// <summary>Records what loggers of categories under one prefix write, scopes included, for tests that check log context.</summary>
public sealed class LogRecorder(string categoryPrefix) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LoggedLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LoggedLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(categoryPrefix, StringComparison.Ordinal) ? new Recorder(this, categoryName) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => recorder._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
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

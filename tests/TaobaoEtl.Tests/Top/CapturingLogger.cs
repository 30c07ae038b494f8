using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Tests.Top;

/// <summary>Keeps every log line at every level, with its structured values and exception, for leak checks.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<CapturedLine> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Select(p => $"{p.Key}={p.Value}").ToArray()
            : [];
        Lines.Enqueue(new CapturedLine(logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
    }

    /// <summary>Everything a sink could write: messages, structured values, exceptions.</summary>
    public string AllText() => string.Join("\n", Lines.Select(l =>
        l.Message + " | " + string.Join(" ", l.Values) + " | " + l.Exception));
}

internal sealed record CapturedLine(LogLevel Level, EventId EventId, string Message, string[] Values, string? Exception);

using Microsoft.Extensions.Logging;

namespace TaobaoEtl.IntegrationTests.State;

/// <summary>
/// Counts the commands a data source executes, from Npgsql's own "command execution completed" log
/// events: a data source built with it reports its round trips and nobody else's.
/// </summary>
internal sealed class CommandCounter : ILoggerFactory
{
    private int _commands;

    public int Commands => Volatile.Read(ref _commands);

    public ILogger CreateLogger(string categoryName) => new Counting(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Counting(CommandCounter counter, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (category.StartsWith("Npgsql", StringComparison.Ordinal)
                && formatter(state, exception).StartsWith("Command execution completed", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counter._commands);
            }
        }
    }
}

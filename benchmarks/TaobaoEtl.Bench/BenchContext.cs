using Microsoft.Extensions.Logging;
using NodaTime;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Bench;

/// <summary>What every stage of a bench run shares: its settings, the database server, clocks, logs and a scratch folder.</summary>
public sealed class BenchContext
{
    public BenchContext(BenchSettings settings, string connectionString, ILoggerFactory loggerFactory, TimeProvider timeProvider,
        DirectoryInfo workDirectory)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        LoggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        WallClock = new TimeProviderClock(TimeProvider);
        WorkDirectory = workDirectory ?? throw new ArgumentNullException(nameof(workDirectory));
    }

    public BenchSettings Settings { get; }

    /// <summary>The configured database; stages create their own fresh databases on its server. Holds a secret: never log it.</summary>
    public string ConnectionString { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The host's real clock, <see cref="TimeProvider"/> as a NodaTime clock: TopSim checks request timestamps against it.</summary>
    public IClock WallClock { get; }

    /// <summary>For measuring spans and pacing phases.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Scratch space (psql's input files); the caller deletes it.</summary>
    public DirectoryInfo WorkDirectory { get; }
}

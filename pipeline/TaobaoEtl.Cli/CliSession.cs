using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NodaTime;
using Npgsql;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using TaobaoEtl.Configuration;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Cli;

/// <summary>
/// The composition root of one command: configuration, logging, clock, database. The only place that
/// picks real implementations (the system's <see cref="System.TimeProvider"/>, real data source).
/// </summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly Serilog.Core.Logger _serilog;
    private NpgsqlDataSource? _dataSource;

    private CliSession(EtlOptions options, IConfiguration configuration, Serilog.Core.Logger serilog, TextWriter output, TextWriter error)
    {
        Options = options;
        Configuration = configuration;
        _serilog = serilog;
        LoggerFactory = new SerilogLoggerFactory(serilog, dispose: false);
        Output = output;
        Error = error;
        // The real clock is chosen once, as a TimeProvider; the business clock is a view of it.
        Clock = new TimeProviderClock(TimeProvider);
    }

    public EtlOptions Options { get; }
    public IConfiguration Configuration { get; }
    public ILoggerFactory LoggerFactory { get; }
    public TextWriter Output { get; }
    public TextWriter Error { get; }

    public IClock Clock { get; }

    public TimeProvider TimeProvider { get; } = TimeProvider.System;

    public static CliSession Open(ParseResult parse, ConfigurationNeeds needs, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var configuration = EtlConfiguration.Build(parse, overrides);
        var options = EtlConfiguration.Bind(configuration, needs, EtlConfiguration.TestOnlySwitches(parse));
        return new CliSession(options, configuration, CreateLogger(options.Logging, error), output, error);
    }

    public NpgsqlDataSource DataSource => _dataSource ??= CreateDataSource(Options.Database);

    /// <summary>Where the database is, for log lines and summaries: host, port and name, never the password.</summary>
    public string DatabaseDisplayName
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Options.Database.ConnectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
    }

    private static NpgsqlDataSource CreateDataSource(DatabaseOptions database)
    {
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        builder.ConnectionStringBuilder.CommandTimeout = database.CommandTimeoutSeconds;
        builder.ConnectionStringBuilder.ApplicationName ??= "taobao-etl";
        builder.UseNodaTime();
        return builder.Build();
    }

    private static Serilog.Core.Logger CreateLogger(LoggingOptions logging, TextWriter error)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(Level(logging.Level))
            .Enrich.FromLogContext();
        // Logs go to stderr so stdout stays for results (JSON lines that scripts read).
        configuration = logging.Format == LogOutputFormat.Json
            ? configuration.WriteTo.Sink(new TextWriterLogSink(new CompactJsonFormatter(), error))
            : configuration.WriteTo.Sink(new TextWriterLogSink(
                new MessageTemplateTextFormatter("{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", System.Globalization.CultureInfo.InvariantCulture), error));
        return configuration.CreateLogger();
    }

    private static LogEventLevel Level(LogSeverity severity) => severity switch
    {
        LogSeverity.Verbose => LogEventLevel.Verbose,
        LogSeverity.Debug => LogEventLevel.Debug,
        LogSeverity.Information => LogEventLevel.Information,
        LogSeverity.Warning => LogEventLevel.Warning,
        LogSeverity.Error => LogEventLevel.Error,
        LogSeverity.Fatal => LogEventLevel.Fatal,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "not a log level"),
    };

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        LoggerFactory.Dispose();
        await _serilog.DisposeAsync();
    }
}

using System.Diagnostics;
using Npgsql;
using TaobaoEtl.Bench.Memory;

namespace TaobaoEtl.Bench.SinkRatio;

/// <summary>
/// The <c>psql</c> client as the yardstick: <c>\copy … FROM file</c> is the plainest bulk load PostgreSQL offers,
/// timed as a whole process (start, connect, copy, exit) like an operator would run it.
/// </summary>
public sealed class Psql
{
    private readonly string _path;

    private Psql(string path) => _path = path;

    public string Path => _path;

    /// <summary>Finds psql: the given path, else <c>pg_config --bindir</c>, else the newest /usr/lib/postgresql/*/bin, else PATH.</summary>
    public static async Task<Psql> LocateAsync(string? configured, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? new Psql(configured)
                : throw new FileNotFoundException($"psql not found at '{configured}'", configured);
        }

        if (await PgConfigBinDirAsync(cancellationToken) is { } bindir && File.Exists(System.IO.Path.Combine(bindir, "psql")))
            return new Psql(System.IO.Path.Combine(bindir, "psql"));

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => System.IO.Path.Combine(d, "bin", "psql"))
                .Where(File.Exists)
                .OrderByDescending(p => int.TryParse(System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (installed is not null) return new Psql(installed);

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, "psql"))
            .FirstOrDefault(File.Exists);
        return onPath is not null
            ? new Psql(onPath)
            : throw new FileNotFoundException("psql not found (tried pg_config --bindir, /usr/lib/postgresql/*/bin and PATH); give its path with --psql");
    }

    /// <summary>
    /// Runs one psql with one <c>\copy</c> per command, each its own transaction, and returns the wall time of the
    /// whole process and its peak RSS. The password goes through the environment, never the command line.
    /// </summary>
    public async Task<PsqlRun> CopyAsync(string connectionString, IReadOnlyList<string> copyCommands, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1" }) start.ArgumentList.Add(argument);
        foreach (var command in copyCommands)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = builder.Database;
        start.Environment["PGAPPNAME"] = "taobao-etl bench psql";
        if (!string.IsNullOrEmpty(builder.Username)) start.Environment["PGUSER"] = builder.Username;
        if (!string.IsNullOrEmpty(builder.Password)) start.Environment["PGPASSWORD"] = builder.Password;
        if (!string.IsNullOrEmpty(builder.Passfile)) start.Environment["PGPASSFILE"] = builder.Passfile;

        var started = time.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_path}");
        var probe = PeakRssProbe.Start(process, TimeSpan.FromMilliseconds(20), time, cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        var peak = await probe.Watching;
        await output;
        var errorText = await error;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql \\copy failed with exit code {process.ExitCode}: {errorText.Trim()}");
        return new PsqlRun(elapsed, peak);
    }

    private static async Task<string?> PgConfigBinDirAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return null;
            var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? text.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed (only the client or server packages are): try the next place.
            return null;
        }
    }
}

/// <summary>One timed psql run.</summary>
public sealed record PsqlRun(TimeSpan Elapsed, long? PeakRssBytes);

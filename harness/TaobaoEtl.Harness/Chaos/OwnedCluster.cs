using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace TaobaoEtl.Harness.Chaos;

/// <summary>
/// The PostgreSQL cluster behind the configured server, when this machine owns it: the server is local, it tells
/// its data directory, and that directory and <c>pg_ctl</c> are here. Restarts run <c>pg_ctl</c> as the directory's
/// owner (run.sh's cluster belongs to <c>postgres</c> when run as root, because initdb refuses root).
/// </summary>
internal sealed class OwnedCluster
{
    private readonly string _pgCtl;
    private readonly string _dataDirectory;
    private readonly string? _runAs;

    private OwnedCluster(string pgCtl, string dataDirectory, string? runAs)
    {
        _pgCtl = pgCtl;
        _dataDirectory = dataDirectory;
        _runAs = runAs;
    }

    /// <summary>The cluster, or null and why not (the chaos JSON says why database restarts were skipped).</summary>
    public static async Task<(OwnedCluster? Cluster, string? WhyNot)> FindAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString);
        if (builder.Host is not ("127.0.0.1" or "localhost" or "::1"))
            return (null, "the database server is not on this machine");
        string dataDirectory;
        try
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var show = new NpgsqlCommand("SHOW data_directory", connection);
            dataDirectory = (string)(await show.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException ex)
        {
            return (null, "the server does not tell its data directory (" + ex.SqlState + ")");
        }

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            return (null, "the data directory is not readable here");
        var pgCtl = FindPgCtl();
        if (pgCtl is null) return (null, "pg_ctl was not found (PATH, /usr/lib/postgresql/*/bin)");
        string? runAs = null;
        if (Environment.UserName == "root")
        {
            runAs = (await RunAsync("stat", ["-c", "%U", dataDirectory], cancellationToken)).Output.Trim();
            if (runAs.Length == 0 || runAs == "root") runAs = null;
        }

        return (new OwnedCluster(pgCtl, dataDirectory, runAs), null);
    }

    /// <summary>
    /// <c>pg_ctl restart -m immediate</c>: every backend dies at once, like a power cut, and the server recovers from
    /// its WAL. Returns when the server accepts connections again (<c>-w</c>).
    /// </summary>
    public async Task RestartImmediateAsync(CancellationToken cancellationToken)
    {
        // -l: the restarted server must not inherit our pipes, or reading them would never end.
        string[] pgCtlArgs = ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "60", "-l", Path.Combine(_dataDirectory, "server.log"), "restart"];
        var (exit, output) = _runAs is null
            ? await RunAsync(_pgCtl, pgCtlArgs, cancellationToken)
            : await RunAsync("runuser", ["-u", _runAs, "--", _pgCtl, .. pgCtlArgs], cancellationToken);
        if (exit != 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"pg_ctl restart exited {exit}: {output}"));
        // Pooled connections of this process point at dead backends.
        NpgsqlConnection.ClearAllPools();
    }

    private static string? FindPgCtl()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "pg_ctl");
            if (File.Exists(candidate)) return candidate;
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0, Path: Path.Combine(dir, "bin", "pg_ctl")))
            .Where(c => File.Exists(c.Path))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Path)
            .FirstOrDefault();
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // runuser leaves the postgres user in our working directory, which it may not be allowed to enter.
            WorkingDirectory = "/",
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}

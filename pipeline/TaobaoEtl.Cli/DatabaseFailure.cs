using System.Net.Sockets;
using Npgsql;

namespace TaobaoEtl.Cli;

/// <summary>What a database failure means for the operator: fix the settings (78) or try again later (69).</summary>
internal static class DatabaseFailure
{
    /// <summary>
    /// The server refused the credentials: 28P01 (wrong password) or 28000 (no pg_hba entry, unknown role). Retrying
    /// will never help, so it is a configuration error of <c>Database:ConnectionString</c>, not an outage.
    /// </summary>
    public static bool IsAuthentication(NpgsqlException ex) => ex is PostgresException { SqlState: "28P01" or "28000" };

    /// <summary>The server cannot be reached now (refused, timed out, starting up or shutting down, no such database yet).</summary>
    public static bool IsUnreachable(NpgsqlException ex) =>
        ex.InnerException is SocketException or TimeoutException or IOException
        || ex is PostgresException { SqlState: "57P03" or "3D000" };
}

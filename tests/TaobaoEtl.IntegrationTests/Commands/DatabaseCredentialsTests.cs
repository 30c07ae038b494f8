using Npgsql;
using TaobaoEtl.Cli;
using TaobaoEtl.IntegrationTests.Infrastructure;

namespace TaobaoEtl.IntegrationTests.Commands;

/// <summary>A database that refuses the credentials is a setting to fix (78), not an outage to wait out (69).</summary>
public sealed class DatabaseCredentialsTests
{
    [Fact]
    public async Task A_wrong_password_exits_78_naming_the_connection_string_never_the_password()
    {
        const string wrong = "wrong-password-never-shown-51";
        var builder = new NpgsqlConnectionStringBuilder(PostgresDatabase.AdminConnectionString) { Passfile = null, Password = wrong, Pooling = false };
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CommandLine.RunAsync(["status", "--set", "Database:ConnectionString=" + builder.ConnectionString], output, error);

        var err = error.ToString();
        Assert.True(code == 78, err);
        // Non-vacuity: the server really refused the password (the private cluster uses scram-sha-256).
        Assert.Contains("SQLSTATE 28P01", err, StringComparison.Ordinal);
        Assert.Contains("Database:ConnectionString", err, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, err + output, StringComparison.Ordinal);
    }
}

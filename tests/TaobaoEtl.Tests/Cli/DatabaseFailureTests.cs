using System.Net.Sockets;
using Npgsql;
using TaobaoEtl.Cli;

namespace TaobaoEtl.Tests.Cli;

public sealed class DatabaseFailureTests
{
    private static PostgresException Server(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData("28P01", true, false)]  // invalid_password: fix the settings (78)
    [InlineData("28000", true, false)]  // invalid_authorization_specification: no pg_hba entry, unknown role
    [InlineData("57P03", false, true)]  // cannot_connect_now: starting up, try later (69)
    [InlineData("3D000", false, true)]  // the database does not exist (yet)
    [InlineData("42P01", false, false)] // undefined_table: neither; a bug or a missing migration
    public void Server_refusals_are_told_apart_by_sqlstate(string sqlState, bool authentication, bool unreachable)
    {
        Assert.Equal(authentication, DatabaseFailure.IsAuthentication(Server(sqlState)));
        Assert.Equal(unreachable, DatabaseFailure.IsUnreachable(Server(sqlState)));
    }

    [Fact]
    public void A_refused_socket_is_unreachable_not_a_configuration_error()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(DatabaseFailure.IsUnreachable(refused));
        Assert.False(DatabaseFailure.IsAuthentication(refused));
    }
}

using Npgsql;
using TaobaoEtl.IntegrationTests.Infrastructure;

namespace TaobaoEtl.IntegrationTests.State;

public sealed class RoleTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    private async Task<PostgresException?> AsRole(string role, string sql)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var setRole = new NpgsqlCommand($"SET LOCAL ROLE {role}", connection, transaction))
            await setRole.ExecuteNonQueryAsync();
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
            return null;
        }
        catch (PostgresException ex)
        {
            return ex;
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }

    [Fact]
    public async Task The_loader_writes_rows_but_cannot_change_the_schema()
    {
        Assert.Null(await AsRole("taobao_etl_loader",
            "INSERT INTO etl.shop (shop_id) VALUES ('s1'); UPDATE etl.shop SET seller_nick = 'n' WHERE shop_id = 's1'"));

        var ddl = await AsRole("taobao_etl_loader", "CREATE TABLE staging.sneaky (id int)");
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ddl?.SqlState);

        var drop = await AsRole("taobao_etl_loader", "ALTER TABLE staging.sales_order ADD COLUMN x int");
        Assert.NotNull(drop);
    }

    [Fact]
    public async Task The_reader_reads_staging_and_nothing_else()
    {
        Assert.Null(await AsRole("taobao_etl_reader", "SELECT count(*) FROM staging.sales_order"));
        Assert.Null(await AsRole("taobao_etl_reader", "SELECT count(*) FROM staging.v_unshipped_paid_orders"));
        Assert.Null(await AsRole("taobao_etl_reader", "SELECT count(*) FROM staging.v_refunds_open"));

        var write = await AsRole("taobao_etl_reader", "DELETE FROM staging.sales_order");
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, write?.SqlState);

        var ledger = await AsRole("taobao_etl_reader", "SELECT count(*) FROM etl.window");
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ledger?.SqlState);
    }
}

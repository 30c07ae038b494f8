using NodaTime;
using TaobaoEtl.IntegrationTests.Infrastructure;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;

using Xunit.Abstractions;

namespace TaobaoEtl.IntegrationTests.Flow;

/// <summary>
/// Text and money as real bodies carry them (TopSim's <c>MessyTextRate</c> on every trade; line money and single-line
/// oids are always like the platform's): the sync stores them word for word, and staging equals the truth.
/// </summary>
public sealed class MessyTextSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Empty_strings_emoji_newlines_and_kilobyte_values_reach_staging_unchanged_and_verify_is_clean()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var faults = FaultOptions.Clean();
        faults.MessyTextRate = 1;
        await using var harness = await SyncHarness.StartAsync(database, seed: 31, faults, backfillDays: 3);

        await harness.BackfillAsync();
        await harness.AdvanceAsync(Duration.FromMinutes(7));
        var increment = await harness.IncrementAsync();
        Assert.Equal(increment.WindowsPlanned, increment.WindowsDone);

        var report = await harness.VerifyAsync(lookBack: Duration.Zero);
        output.WriteLine(SyncHarness.Describe(report));
        Assert.True(report.IsClean, SyncHarness.Describe(report));
        Assert.True(report.TradesTruth > 300, SyncHarness.Describe(report));

        // Verify compares the memo; the other texts are checked here: each kind of mess made it into staging as sent.
        Assert.True(await CountAsync(database, "select count(*) from staging.sales_order where buyer_message = ''") > 0, "empty buyer_message");
        Assert.True(await CountAsync(database, "select count(*) from staging.sales_order_line where sku_properties_name = ''") > 0, "empty sku_properties_name");
        Assert.True(await CountAsync(database, "select count(*) from staging.sales_order where receiver_address like E'%\\n%'") > 0, "newline in an address");
        Assert.True(await CountAsync(database, "select count(*) from staging.sales_order where buyer_message like E'%\\t%'") > 0, "tab in a message");
        Assert.True(await CountAsync(database, "select count(*) from staging.sales_order_line where length(title) >= 2048") > 0, "a title of kilobytes");
        // U+1F300 and above: outside the BMP (a surrogate pair in UTF-16, four bytes in UTF-8).
        Assert.True(await CountAsync(database, "select count(*) from staging.sales_order_line where title ~ '[\\U0001F300-\\U0001FAFF]'") > 0, "an astral emoji");
        Assert.True(await CountAsync(database, "select count(*) from staging.sales_order_line l join staging.sales_order o using (shop_id, tid) where o.line_count = 1 and l.oid = l.tid") > 0,
            "single-line trades whose oid is the tid");
    }

    private static async Task<long> CountAsync(PostgresDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using TaobaoEtl.Top;
using TaobaoEtl.Top.Wire;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Tests.Top;

public sealed class TopEnvelopeTests
{
    private static async Task<T> ParseAsync<T>(string json, JsonTypeInfo<T> info)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return (await JsonSerializer.DeserializeAsync(stream, info))!;
    }

    private static Instant Shanghai(int y, int mo, int d, int h, int mi, int s) =>
        Instant.FromUtc(y, mo, d, h, mi, s) - Duration.FromHours(8);

    [Fact]
    public async Task Ids_parse_from_numbers_and_strings_beyond_two_to_the_53()
    {
        const string json = """
            {"trades_sold_increment_get_response":{"trades":{"trade":[
              {"tid":452790065331038,"modified":"2026-11-11 00:00:01"},
              {"tid":"163288460521882636","modified":"2026-11-11 23:59:59"},
              {"tid":9007199254740993}
            ]},"has_next":true,"request_id":"abc"}}
            """;
        var envelope = await ParseAsync(json, TopJsonContext.Default.TradesSoldIncrementGetEnvelope);
        var trades = envelope.Response!.Trades!.Trade!;
        Assert.Equal([452790065331038L, 163288460521882636L, 9007199254740993L], trades.Select(t => t.Tid));
        Assert.Equal(Shanghai(2026, 11, 11, 0, 0, 1), trades[0].Modified);
        Assert.Equal(Instant.FromUtc(2026, 11, 11, 15, 59, 59), trades[1].Modified);
        Assert.True(envelope.Response.HasNext);
        Assert.Equal("abc", envelope.Response.RequestId);
    }

    [Fact]
    public async Task Total_results_and_an_omitted_empty_list_are_accepted()
    {
        var envelope = await ParseAsync("""{"trades_sold_get_response":{"total_results":"0"}}""",
            TopJsonContext.Default.TradesSoldGetEnvelope);
        Assert.Equal(0L, envelope.Response!.TotalResults);
        Assert.Null(envelope.Response.Trades);
        Assert.Null(envelope.Response.RequestId);
    }

    [Fact]
    public async Task Money_parses_from_strings_and_numbers_without_losing_digits()
    {
        const string json = """
            {"refunds_receive_get_response":{"refunds":{"refund":[
              {"refund_id":"88776655443322110","tid":163288460521882636,"oid":"163288460521882637","refund_fee":"13.80",
               "total_fee":99999999.99,"payment":0.10,"sid":12345,"has_good_return":"true","desc":"质量问题",
               "created":"2026-11-11 10:00:00","modified":"2026-11-12 08:30:00","status":"SUCCESS"}
            ]},"has_next":false}}
            """;
        // The envelope keeps each refund raw; RefundNormalizer is the one reading of it.
        var element = (await ParseAsync(json, TopJsonContext.Default.RefundsReceiveGetEnvelope)).Response!.Refunds!.Refund![0];
        var refund = TaobaoEtl.Normalize.RefundNormalizer.Normalize(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), "s",
            Shanghai(2026, 11, 12, 9, 0, 0)).Value.Refund;
        Assert.Equal(88776655443322110L, refund.RefundId);
        Assert.Equal(163288460521882636L, refund.Tid);
        Assert.Equal(163288460521882637L, refund.Oid);
        Assert.Equal(13.80m, refund.RefundFee);
        Assert.Equal("13.80", refund.RefundFee!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(99999999.99m, refund.TotalFee);
        Assert.Equal(0.10m, refund.Payment);
        Assert.Equal("12345", refund.Sid);
        Assert.True(refund.HasGoodReturn);
        Assert.Equal("质量问题", refund.Description);
        Assert.Equal(Shanghai(2026, 11, 12, 8, 30, 0), refund.Modified);
    }

    [Fact]
    public async Task Message_ids_are_int64_and_content_stays_a_string()
    {
        const string json = """
            {"tmc_messages_consume_response":{"messages":{"tmc_message":[
              {"id":9223372036854775806,"topic":"taobao_trade_TradeBuyerPay","content":"{\"tid\":163288460521882636,\"payment\":\"13.80\"}",
               "pub_time":"2026-11-11 00:00:02","pub_app_key":12345678,"user_id":"2206871234","user_nick":"商家"}
            ]},"request_id":"r"}}
            """;
        var message = (await ParseAsync(json, TopJsonContext.Default.TmcMessagesConsumeEnvelope)).Response!.Messages!.Message![0];
        Assert.Equal(9223372036854775806L, message.Id);
        Assert.Equal("""{"tid":163288460521882636,"payment":"13.80"}""", message.Content);
        Assert.Equal("12345678", message.PubAppKey);
        Assert.Equal(2206871234L, message.UserId);
        Assert.Equal(Shanghai(2026, 11, 11, 0, 0, 2), message.PubTime);
    }

    [Fact]
    public async Task An_error_envelope_is_read_with_all_its_fields()
    {
        const string json = """
            {"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.remote-service-timeout",
             "sub_msg":"服务超时","request_id":"zt3ax9c2"}}
            """;
        var envelope = await ParseAsync(json, TopJsonContext.Default.TradeFullinfoGetEnvelope);
        Assert.Null(envelope.Response);
        Assert.Equal(15, envelope.Error!.Code);
        Assert.Equal("isp.remote-service-timeout", envelope.Error.SubCode);
        Assert.Equal("服务超时", envelope.Error.SubMsg);
        Assert.Equal("zt3ax9c2", envelope.Error.RequestId);
    }

    [Fact]
    public async Task An_old_error_body_with_a_string_code_an_unknown_code_and_no_request_id_is_accepted()
    {
        var envelope = await ParseAsync("""{"error_response":{"code":"670","msg":"Remote service error","sub_msg":"x"}}""",
            TopJsonContext.Default.TimeGetEnvelope);
        Assert.Equal(670, envelope.Error!.Code);
        Assert.Null(envelope.Error.RequestId);
        Assert.Null(envelope.Error.SubCode);
        Assert.Equal(TopErrorKind.Unrecognized, TopErrorClassifier.Classify(envelope.Error.Code, envelope.Error.SubCode));
    }

    [Fact]
    public async Task Unknown_members_are_ignored()
    {
        var envelope = await ParseAsync("""{"time_get_response":{"time":"2026-11-11 00:00:01","extra":{"a":[1,2]}},"x":1}""",
            TopJsonContext.Default.TimeGetEnvelope);
        Assert.Equal(Shanghai(2026, 11, 11, 0, 0, 1), envelope.Response!.Time);
    }

    [Theory]
    [InlineData("2026-11-11 00:00:00", 2026, 11, 10, 16, 0, 0)]
    [InlineData("2026-01-01 07:59:59", 2025, 12, 31, 23, 59, 59)]
    public void Platform_times_are_gmt_plus_8(string text, int y, int mo, int d, int h, int mi, int s)
    {
        var expected = Instant.FromUtc(y, mo, d, h, mi, s);
        Assert.Equal(expected, PlatformTime.Parse(text));
        Assert.Equal(text, PlatformTime.Format(expected));
    }
}

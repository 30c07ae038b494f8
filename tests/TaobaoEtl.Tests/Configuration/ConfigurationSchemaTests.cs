using TaobaoEtl.Configuration;

namespace TaobaoEtl.Tests.Configuration;

public sealed class ConfigurationSchemaTests
{
    private static SchemaCheck Check(KeyScope scope, params (string Key, string? Value)[] pairs) =>
        ConfigurationSchema.Etl.Check(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)), scope);

    [Theory]
    [InlineData("Sync:BatchSize", "500")]
    [InlineData("sync:batchsize", "500")]
    [InlineData("Shops:3:Session", "s")]
    [InlineData("Sync:PeakDays:1", "12-12")]
    [InlineData("Top:CallTimeout", "00:00:10")]
    [InlineData("Top:BreakerFailureRatio", "0.1")]
    [InlineData("Sync:PeakMode", "true")]
    [InlineData("Logging:Format", "json")]
    [InlineData("Logging:Level", "warning")]
    [InlineData("Top:SignMethod", "hmac-sha256")]
    [InlineData("Top:SignMethod", "md5")]
    [InlineData("Top:GatewayUrl", "https://eco.taobao.com/router/rest")]
    public void A_known_key_with_a_value_of_its_type_is_accepted(string key, string value)
    {
        var check = Check(KeyScope.Production, (key, value));

        Assert.Empty(check.Errors);
        Assert.Equal(value, check.Accepted[key]);
    }

    [Theory]
    [InlineData("Sync:BatchSzie", "Sync:BatchSize")]
    [InlineData("Sync:Batchsize2", "Sync:BatchSize")]
    [InlineData("Top:AppSecert", "Top:AppSecret")]
    [InlineData("Shops:2:Sesion", "Shops:2:Session")]
    [InlineData("Sync:PeakDay:0", "Sync:PeakDays:0")]
    public void An_unknown_key_is_named_in_full_with_the_nearest_valid_key(string key, string nearest)
    {
        var error = Assert.Single(Check(KeyScope.Production, (key, "1")).Errors);

        Assert.Equal(key, error.Key);
        Assert.Equal($"is not a known setting (did you mean {nearest}?)", error.Message);
    }

    [Fact]
    public void A_key_far_from_every_valid_one_gets_no_guess()
    {
        var error = Assert.Single(Check(KeyScope.Production, ("Kafka:Brokers", "x")).Errors);

        Assert.Equal("is not a known setting (see the README)", error.Message);
    }

    [Theory]
    [InlineData("Top:CallsPerSecond", "many", "a whole number")]
    [InlineData("Sync:LookBack", "ten minutes", "a duration such as 00:10:00")]
    [InlineData("Sync:PeakMode", "yes", "true or false")]
    [InlineData("Top:BreakerFailureRatio", "five percent", "a number such as 0.05")]
    [InlineData("Sync:PeakDays:1", "13-45", "a month and day as MM-dd")]
    [InlineData("Logging:Format", "xml", "one of Human, Json")]
    [InlineData("Top:SignMethod", "sha1", "md5, hmac or hmac-sha256")]
    [InlineData("Top:SignMethod", "HmacSha256", "md5, hmac or hmac-sha256")]
    [InlineData("Logging:Level", "Loud", "one of Verbose, Debug, Information, Warning, Error, Fatal")]
    [InlineData("Logging:Level", "7", "one of Verbose")]
    [InlineData("Logging:Format", "Human,Json", "one of Human, Json")]
    [InlineData("Top:GatewayUrl", "http://", "a URL")]
    public void A_value_of_the_wrong_type_names_the_key_and_the_expected_form_never_the_value(string key, string value, string expected)
    {
        var check = Check(KeyScope.Production, (key, value));

        var error = Assert.Single(check.Errors);
        Assert.Equal(key, error.Key);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.ToString(), StringComparison.Ordinal);
        Assert.False(check.Accepted.ContainsKey(key));
    }

    [Fact]
    public void Every_bad_key_is_reported_and_the_good_ones_are_kept()
    {
        var check = Check(KeyScope.Production, ("Sync:BatchSzie", "1"), ("Top:CallsPerSecond", "x"), ("Sync:BatchSize", "10"), ("Sync:LookBack", "soon"));

        Assert.Equal(["Sync:BatchSzie", "Sync:LookBack", "Top:CallsPerSecond"], check.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("10", Assert.Single(check.Accepted).Value);
    }

    [Fact]
    public void Section_nodes_and_empty_typed_values_are_not_errors()
    {
        var check = Check(KeyScope.Production, ("Sync", null), ("Shops", null), ("Shops:0", null), ("Sync:BatchSize", ""));

        Assert.Empty(check.Errors);
        Assert.Empty(check.Accepted);
    }

    [Fact]
    public void A_value_given_to_a_section_is_an_error()
    {
        var error = Assert.Single(Check(KeyScope.Production, ("Sync", "fast")).Errors);

        Assert.Equal("Sync", error.Key);
    }

    [Theory]
    [InlineData("Sync:Testing:IncrementPagingFrontToBack")]
    [InlineData("Sync:Testing:WeakSettleRule")]
    [InlineData("Sync:Testing:TrustDateHeader")]
    public void A_test_only_key_is_refused_from_production_sources_and_accepted_from_the_test_switch(string key)
    {
        var production = Check(KeyScope.Production, (key, "true"));
        var testOnly = Check(KeyScope.TestOnly, (key, "true"));

        var error = Assert.Single(production.Errors);
        Assert.Equal(key, error.Key);
        Assert.StartsWith("is test-only", error.Message, StringComparison.Ordinal);
        Assert.Empty(production.Accepted);
        Assert.Empty(testOnly.Errors);
        Assert.Equal("true", testOnly.Accepted[key]);
    }

    [Fact]
    public void The_test_switch_carries_only_test_only_keys()
    {
        var error = Assert.Single(Check(KeyScope.TestOnly, ("Sync:BatchSize", "5")).Errors);

        Assert.Equal("Sync:BatchSize", error.Key);
    }

    [Fact]
    public void Every_property_of_the_options_is_a_setting_of_the_schema()
    {
        var settings = ConfigurationSchema.Etl.Settings.ToList();

        Assert.Contains("Database:ConnectionString", settings);
        Assert.Contains("Shops:*:SellerNick", settings);
        Assert.Contains("Sync:PeakDays:*", settings);
        Assert.Contains("Sync:Testing:IncrementPagingFrontToBack", settings);
        Assert.Contains("Top:MaxBanWait", settings);
        Assert.Contains("Logging:Format", settings);
        Assert.Contains("Top:GatewayUrl", settings);
    }
}

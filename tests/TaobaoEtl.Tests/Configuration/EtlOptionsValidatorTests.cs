using TaobaoEtl.Configuration;

namespace TaobaoEtl.Tests.Configuration;

public sealed class EtlOptionsValidatorTests
{
    private static EtlOptions Valid() => new()
    {
        Database = { ConnectionString = "Host=127.0.0.1;Port=5432;Database=x;Username=u" },
    };

    [Fact]
    public void Defaults_with_a_database_are_valid()
    {
        Assert.Empty(EtlOptionsValidator.Validate(Valid(), ConfigurationNeeds.Database | ConfigurationNeeds.Platform));
    }

    [Fact]
    public void A_missing_connection_string_is_named_when_the_command_needs_the_database()
    {
        var options = Valid();
        options.Database.ConnectionString = "";

        var errors = EtlOptionsValidator.Validate(options, ConfigurationNeeds.Database);

        Assert.Contains(errors, e => e.Key == "Database:ConnectionString" && e.Message == "is required");
        Assert.Empty(EtlOptionsValidator.Validate(options, ConfigurationNeeds.None));
    }

    [Fact]
    public void A_connection_string_error_never_echoes_the_string()
    {
        var options = Valid();
        options.Database.ConnectionString = "Host=h;Password=hunter2-secret;NoSuchKeyword=1";

        var errors = EtlOptionsValidator.Validate(options, ConfigurationNeeds.Database);

        var error = Assert.Single(errors);
        Assert.Equal("Database:ConnectionString", error.Key);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Top:CallsPerSecond")]
    [InlineData("Sync:BatchSize")]
    [InlineData("Sync:SliceLength")]
    [InlineData("Top:GatewayUrl")]
    public void Each_invalid_setting_is_reported_by_its_key(string key)
    {
        var options = Valid();
        switch (key)
        {
            case "Top:CallsPerSecond": options.Top.CallsPerSecond = 0; break;
            case "Sync:BatchSize": options.Sync.BatchSize = -5; break;
            case "Sync:SliceLength": options.Sync.SliceLength = TimeSpan.FromDays(2); break;
            case "Top:GatewayUrl": options.Top.GatewayUrl = new Uri("ftp://gw"); break;
        }

        var error = Assert.Single(EtlOptionsValidator.Validate(options, ConfigurationNeeds.Database));
        Assert.Equal(key, error.Key);
    }

    [Theory]
    [InlineData("/router/rest")]
    [InlineData("not a url")]
    [InlineData("ftp://eco.taobao.com/router/rest")]
    [InlineData("file:///etc/passwd")]
    public void A_gateway_that_is_not_an_absolute_http_url_is_refused_by_its_key_never_its_value(string url)
    {
        var options = Valid();
        options.Top.GatewayUrl = new Uri(url, UriKind.RelativeOrAbsolute);

        var error = Assert.Single(EtlOptionsValidator.Validate(options, ConfigurationNeeds.None));

        Assert.Equal("Top:GatewayUrl", error.Key);
        Assert.Equal("must be an absolute http or https URL", error.Message);
    }

    [Fact]
    public void An_unset_gateway_needs_no_credentials()
    {
        var options = Valid();
        options.Top.GatewayUrl = null;

        Assert.Empty(EtlOptionsValidator.Validate(options, ConfigurationNeeds.Database | ConfigurationNeeds.Platform));
    }

    [Fact]
    public void A_real_gateway_needs_every_credential_and_names_each_missing_one()
    {
        var options = Valid();
        options.Top.GatewayUrl = new Uri("https://eco.taobao.com/router/rest");
        options.Shops.Add(new ShopOptions { ShopId = "shop-1" });

        var keys = EtlOptionsValidator.Validate(options, ConfigurationNeeds.Platform).Select(e => e.Key).ToList();

        Assert.Equal(["Top:AppKey", "Top:AppSecret", "Shops:0:Session"], keys);
    }

    [Fact]
    public void Two_shops_with_one_id_are_refused()
    {
        var options = Valid();
        options.Shops.Add(new ShopOptions { ShopId = "a" });
        options.Shops.Add(new ShopOptions { ShopId = "a" });

        var error = Assert.Single(EtlOptionsValidator.Validate(options, ConfigurationNeeds.None));
        Assert.Equal("Shops:1:ShopId", error.Key);
    }

    [Fact]
    public void Every_error_is_reported_in_one_pass()
    {
        var options = Valid();
        options.Top.CallsPerSecond = 0;
        options.Sync.ParallelSinks = 0;
        options.Sync.BatchSize = -5;

        var errors = EtlOptionsValidator.Validate(options, ConfigurationNeeds.None);

        Assert.Equal(3, errors.Count);
        var exception = new InvalidConfigurationException(errors);
        Assert.Contains("Top:CallsPerSecond", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Sync:ParallelSinks", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Sync:BatchSize", exception.Message, StringComparison.Ordinal);
    }
}

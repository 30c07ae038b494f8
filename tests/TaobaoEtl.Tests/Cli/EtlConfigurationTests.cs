using Microsoft.Extensions.Configuration;
using TaobaoEtl.Cli;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Tests.Cli;

/// <summary>Binding and validating the configuration the way a command starts: <see cref="EtlConfiguration.Bind"/>.</summary>
public sealed class EtlConfigurationTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void An_absolute_gateway_url_binds_to_that_uri()
    {
        var options = EtlConfiguration.Bind(Settings(("Top:GatewayUrl", "https://eco.taobao.com/router/rest")), ConfigurationNeeds.None);

        Assert.Equal(new Uri("https://eco.taobao.com/router/rest"), options.Top.GatewayUrl);
    }

    [Fact]
    public void An_empty_gateway_url_is_unset_as_in_appsettings()
    {
        var options = EtlConfiguration.Bind(Settings(("Top:GatewayUrl", "")), ConfigurationNeeds.None);

        Assert.Null(options.Top.GatewayUrl);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/router/rest")]
    [InlineData("ftp://eco.taobao.com/router/rest")]
    [InlineData("http://")]
    [InlineData("https://[::1")]
    public void A_gateway_url_that_is_no_absolute_http_url_is_one_configuration_error_naming_the_key(string url)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() =>
            EtlConfiguration.Bind(Settings(("Top:GatewayUrl", url)), ConfigurationNeeds.None));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("Top:GatewayUrl", error.Key);
        Assert.DoesNotContain(url, ex.Message, StringComparison.Ordinal);
    }
}

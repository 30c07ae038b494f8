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

    // The configuration a demo starts from: a real gateway, three configured shops, settings of its own.
    private static IConfiguration Configured() => Settings(
        ("Database:ConnectionString", "Host=127.0.0.1;Database=x;Username=u"),
        ("Top", null),
        ("Top:GatewayUrl", "https://eco.taobao.com/router/rest"),
        ("Top:AppKey", "real-app-key"),
        ("Top:AppSecret", "real-app-secret-7f3a"),
        ("Top:MaxAttempts", "3"),
        ("Sync:BatchSize", "500"),
        ("Sync:PeakDays:0", "06-18"),
        ("Shops", null),
        ("Shops:0", null),
        ("Shops:0:ShopId", "real-1"), ("Shops:0:Session", "real-session-1"),
        ("Shops:1:ShopId", "real-2"), ("Shops:1:Session", "real-session-2"),
        ("Shops:2:ShopId", "real-3"), ("Shops:2:SellerNick", "third"), ("Shops:2:Session", "real-session-3"));

    private static Dictionary<string, string?> Sim(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Top:GatewayUrl"] = "http://127.0.0.1:43210/router/rest",
            ["Top:AppKey"] = "sim-app-key",
            ["Top:AppSecret"] = "sim-app-secret-0c1d",
            ["Top:CallsPerSecond"] = "3000",
            ["Sync:BackfillDays"] = "30",
            ["Shops:0:ShopId"] = "101", ["Shops:0:SellerNick"] = "sim-a", ["Shops:0:Session"] = "sim-session-a",
            ["Shops:1:ShopId"] = "102", ["Shops:1:SellerNick"] = "sim-b", ["Shops:1:Session"] = "sim-session-b",
        };
        foreach (var (key, value) in changes) settings[key] = value;
        return settings;
    }

    private const ConfigurationNeeds Everything = ConfigurationNeeds.Database | ConfigurationNeeds.Platform;

    [Fact]
    public void A_rebind_takes_the_overrides_over_the_configuration_and_keeps_the_rest()
    {
        var options = EtlConfiguration.Rebind(Configured(), Sim(), Everything);

        Assert.Equal(new Uri("http://127.0.0.1:43210/router/rest"), options.Top.GatewayUrl);
        Assert.Equal("sim-app-key", options.Top.AppKey);
        Assert.Equal("sim-app-secret-0c1d", options.Top.AppSecret);
        Assert.Equal(3000, options.Top.CallsPerSecond);
        Assert.Equal(30, options.Sync.BackfillDays);
        // What the overrides do not name stays as configured, lists included.
        Assert.Equal(3, options.Top.MaxAttempts);
        Assert.Equal(500, options.Sync.BatchSize);
        Assert.Equal(EtlConfiguration.Bind(Configured(), Everything).Sync.PeakDays, options.Sync.PeakDays);
        Assert.Contains(new PeakDay(new NodaTime.AnnualDate(6, 18)), options.Sync.PeakDays);
        Assert.Equal("Host=127.0.0.1;Database=x;Username=u", options.Database.ConnectionString);
    }

    [Fact]
    public void A_rebind_replaces_the_configured_shops_instead_of_merging_them()
    {
        var options = EtlConfiguration.Rebind(Configured(), Sim(), Everything);

        Assert.Equal(["101", "102"], options.Shops.Select(s => s.ShopId));
        Assert.Equal(["sim-a", "sim-b"], options.Shops.Select(s => s.SellerNick));
        Assert.Equal(["sim-session-a", "sim-session-b"], options.Shops.Select(s => s.Session));
    }

    [Fact]
    public void A_rebind_leaves_the_configuration_and_the_options_bound_from_it_as_they_were()
    {
        var configuration = Configured();
        var started = EtlConfiguration.Bind(configuration, Everything);

        var rebound = EtlConfiguration.Rebind(configuration, Sim(), Everything);

        Assert.NotSame(started, rebound);
        Assert.Equal(new Uri("https://eco.taobao.com/router/rest"), started.Top.GatewayUrl);
        Assert.Equal("real-app-secret-7f3a", started.Top.AppSecret);
        Assert.Equal(100, started.Top.CallsPerSecond);
        Assert.Equal(3, started.Shops.Count);
        Assert.Equal("real-3", configuration["Shops:2:ShopId"]);
    }

    [Theory]
    [InlineData("Top:CallsPerSecond", "0")]
    [InlineData("Top:CallsPerSecond", "lots")]
    [InlineData("Top:GatewayUrl", "not a url")]
    [InlineData("Sync:BackfillDays", "400")]
    [InlineData("Shops:1:Session", "")]
    [InlineData("Shops:1:ShopId", "101")]
    public void A_bad_override_is_a_configuration_error_naming_its_key_and_no_secret(string key, string value)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() =>
            EtlConfiguration.Rebind(Configured(), Sim((key, value)), Everything));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(key, error.Key);
        foreach (var secret in new[] { "sim-app-secret-0c1d", "sim-session-a", "sim-session-b", "real-app-secret-7f3a", "real-session-3" })
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebind_validates_for_the_needs_it_is_given()
    {
        var configured = Settings(("Database:ConnectionString", "Host=127.0.0.1"));
        var overrides = new Dictionary<string, string?> { ["Top:GatewayUrl"] = "http://127.0.0.1:1/router/rest" };

        var ex = Assert.Throws<InvalidConfigurationException>(() => EtlConfiguration.Rebind(configured, overrides, Everything));

        Assert.Equal(["Top:AppKey", "Top:AppSecret", "Shops"], ex.Errors.Select(e => e.Key));
        Assert.Equal("", EtlConfiguration.Rebind(configured, overrides, ConfigurationNeeds.Database).Top.AppSecret);
    }
}

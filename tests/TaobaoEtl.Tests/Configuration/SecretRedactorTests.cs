using TaobaoEtl.Configuration;

namespace TaobaoEtl.Tests.Configuration;

public sealed class SecretRedactorTests
{
    private static EtlOptions Options() => new()
    {
        Top = { AppSecret = "app-secret-1234" },
        Shops = [new() { ShopId = "a", Session = "session-of-a" }, new() { ShopId = "b", Session = "session-of-b-longer" }],
        Database = { ConnectionString = "Host=db;Username=etl;Password=db-pass-42" },
    };

    [Fact]
    public void Every_configured_secret_is_masked_wherever_it_appears()
    {
        var redactor = SecretRedactor.FromOptions(Options());
        var text = "sub_msg echoed app-secret-1234 and session-of-a, session-of-b-longer; password db-pass-42 twice: db-pass-42";

        var redacted = redactor.Redact(text);

        Assert.Equal(4, redactor.Count);
        Assert.Equal("sub_msg echoed *** and ***, ***; password *** twice: ***", redacted);
    }

    [Fact]
    public void A_secret_that_contains_another_is_masked_whole()
    {
        var options = Options();
        options.Shops[1].Session = "session-of-a-and-more";

        Assert.Equal("[***]", SecretRedactor.FromOptions(options).Redact("[session-of-a-and-more]"));
    }

    [Fact]
    public void Empty_secrets_mask_nothing()
    {
        var redactor = SecretRedactor.FromOptions(new EtlOptions());

        Assert.Equal(0, redactor.Count);
        Assert.Equal("nothing to hide", redactor.Redact("nothing to hide"));
    }

    [Theory]
    [InlineData("Host=db;Password=pw-in-a-good-string", "pw-in-a-good-string")]
    [InlineData("Host=db;NoSuchKeyword=1;Password=pw-in-a-bad-string", "pw-in-a-bad-string")]
    [InlineData("Host=db;pwd=short-form-pw;Bogus", "short-form-pw")]
    public void The_raw_settings_give_the_same_secrets_even_when_they_cannot_be_bound(string connectionString, string password)
    {
        var redactor = SecretRedactor.FromSettings(new Dictionary<string, string?>
        {
            ["Top:AppSecret"] = "raw-app-secret",
            ["shops:7:session"] = "raw-session",
            ["Shops:7:ShopId"] = "not-a-secret",
            ["Database:ConnectionString"] = connectionString,
        });

        Assert.Equal("*** *** *** not-a-secret", redactor.Redact($"raw-app-secret raw-session {password} not-a-secret"));
    }
}

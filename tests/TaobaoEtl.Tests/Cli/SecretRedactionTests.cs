namespace TaobaoEtl.Tests.Cli;

/// <summary>
/// A configured secret never reaches a text the program writes, on real paths that do produce it. Each test first
/// makes sure the secret is configured and the text was written (the rest of the line is there), so its absence is the
/// redaction's doing.
/// </summary>
public sealed class SecretRedactionTests
{
    [Fact]
    public async Task A_secret_pasted_as_a_stray_argument_is_masked_in_the_parse_error()
    {
        const string secret = "app-secret-pasted-0042";

        var (code, _, err) = await CliRun.RunAsync("status", "--set", "Top:AppSecret=" + secret, secret);

        Assert.Equal(64, code);
        Assert.Contains("Unrecognized command or argument '***'", err, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_password_is_masked_in_an_error_line_that_quotes_it()
    {
        // A password equal to the host's address: the driver's own "Failed to connect to <host>" text then holds it.
        const string password = "127.0.0.1";

        var (code, _, err) = await CliRun.RunAsync("status", "--set", $"Database:ConnectionString=Host=127.0.0.1;Port=1;Username=u;Password={password};Timeout=3");

        Assert.Equal(69, code);
        Assert.Contains("cannot be reached", err, StringComparison.Ordinal);
        Assert.Contains("***:1", err, StringComparison.Ordinal);
        Assert.DoesNotContain(password, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_that_appears_in_a_result_on_stdout_is_masked()
    {
        const string session = "session-value-7788";
        var file = Path.Combine(Path.GetTempPath(), "taobao-etl-redact-" + Guid.NewGuid().ToString("N") + ".json");
        var trade = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Normalize", "Fixtures", "bare_trade.json"));
        Assert.Contains("\"buyer_nick\":\"b**\"", trade, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, trade.Replace("\"buyer_nick\":\"b**\"", $"\"buyer_nick\":\"{session}\"", StringComparison.Ordinal));
        try
        {
            var (code, output, err) = await CliRun.RunAsync("normalize", file, "--set", "Shops:0:ShopId=s1", "--set", "Shops:0:Session=" + session);

            Assert.True(code == 0, err);
            Assert.Contains("\"buyer_nick\": \"***\"", output, StringComparison.Ordinal);
            Assert.DoesNotContain(session, output + err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

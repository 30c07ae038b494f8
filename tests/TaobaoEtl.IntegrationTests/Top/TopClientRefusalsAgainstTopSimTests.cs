using TaobaoEtl.Top;
using TaobaoEtl.TopSim;
using TaobaoEtl.TopSim.Faults;

namespace TaobaoEtl.IntegrationTests.Top;

/// <summary>
/// Settings the platform refuses, against an independent implementation of its rules (TopSim): each must stop the run
/// as a configuration error (exit 78) naming the setting, never exit 70 "a bug" nor a dead letter of one trade.
/// </summary>
public sealed class TopClientRefusalsAgainstTopSimTests
{
    [Fact]
    public async Task A_wrong_app_secret_is_refused_as_bad_credentials_with_exit_78_and_is_not_retried()
    {
        await using var s = await SimSession.StartAsync(FaultOptions.Clean(), o => o.AppSecret = "not-the-app-secret");

        var ex = await Assert.ThrowsAsync<TopException>(() => s.Client.GetTimeAsync(CancellationToken.None));

        Assert.Equal(TopErrorKind.BadCredentials, ex.Kind);
        Assert.Equal(25, ex.Code);
        Assert.Equal(ExitCode.Config, ex.ToExitCode());
        Assert.Contains("Top:AppSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-app-secret", ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, s.Counters.Snapshot().Retries);
    }

    [Fact]
    public async Task A_gateway_url_with_a_wrong_path_stops_with_exit_78_naming_the_setting_not_a_dead_letter()
    {
        await using var s = await SimSession.StartAsync(FaultOptions.Clean(),
            o => o.GatewayUrl = new Uri(o.GatewayUrl!, "/router/typo"));

        var ex = await Assert.ThrowsAsync<TopException>(() =>
            s.Client.GetFullInfoAsync(s.Session, 1, TradeFields.FullInfo, CancellationToken.None));

        Assert.Equal(TopErrorKind.GatewayRefused, ex.Kind);
        Assert.Equal(404, ex.HttpStatus);
        Assert.Equal(ExitCode.Config, ex.ToExitCode());
        Assert.Contains("Top:GatewayUrl", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, s.Counters.Snapshot().Retries);
    }
}

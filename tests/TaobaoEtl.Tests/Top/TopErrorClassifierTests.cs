using TaobaoEtl.Top;

namespace TaobaoEtl.Tests.Top;

public sealed class TopErrorClassifierTests
{
    [Theory]
    [InlineData(15, "isp.remote-service-timeout", TopErrorKind.Transient)]
    [InlineData(15, "isp.top-remote-connection-timeout", TopErrorKind.Transient)]
    [InlineData(15, "isp.top-remote-connection-error", TopErrorKind.Transient)]
    [InlineData(15, "isp.top-remote-service-unavailable", TopErrorKind.Transient)]
    [InlineData(15, "isp.unknown-error", TopErrorKind.Transient)]
    [InlineData(15, "isp.system-busy", TopErrorKind.Transient)]
    [InlineData(520, "isp.remote-service-error", TopErrorKind.Transient)]
    [InlineData(10, null, TopErrorKind.Transient)]
    [InlineData(15, "isv.missing-parameter:fields", TopErrorKind.CallerError)]
    [InlineData(15, "isv.invalid-parameter:page_size", TopErrorKind.CallerError)]
    [InlineData(15, "isv.trade-not-exist", TopErrorKind.CallerError)]
    [InlineData(15, "isv.trade-service-rejection", TopErrorKind.Overloaded)]
    [InlineData(520, "isv.trade-service-rejection", TopErrorKind.Overloaded)]
    [InlineData(520, null, TopErrorKind.Overloaded)]
    [InlineData(15, "isv.invalid-permission", TopErrorKind.CallerError)]
    [InlineData(40, null, TopErrorKind.CallerError)]
    [InlineData(41, null, TopErrorKind.CallerError)]
    [InlineData(43, null, TopErrorKind.CallerError)]
    [InlineData(9, null, TopErrorKind.CallerError)]
    [InlineData(22, null, TopErrorKind.CallerError)]
    [InlineData(33, null, TopErrorKind.CallerError)]
    [InlineData(28, null, TopErrorKind.BadCredentials)]
    [InlineData(41, "isv.invalid-parameter", TopErrorKind.CallerError)]
    [InlineData(25, null, TopErrorKind.BadCredentials)]
    [InlineData(29, null, TopErrorKind.BadCredentials)]
    [InlineData(31, null, TopErrorKind.CallerError)]
    [InlineData(15, null, TopErrorKind.Unrecognized)]
    [InlineData(530, null, TopErrorKind.Unrecognized)]
    [InlineData(50, null, TopErrorKind.Unrecognized)]
    [InlineData(999, null, TopErrorKind.Unrecognized)]
    [InlineData(999, "isv.invalid-parameter", TopErrorKind.CallerError)]
    [InlineData(999, "isp.system-busy", TopErrorKind.Transient)]
    [InlineData(670, "some-unknown-sub-code", TopErrorKind.Unrecognized)]
    [InlineData(7, "accesscontrol.limited-by-app-access-count", TopErrorKind.CallLimited)]
    [InlineData(7, "accesscontrol.limited-by-api-access-count", TopErrorKind.CallLimited)]
    [InlineData(7, "accesscontrol.limited-by-app-api-access-count", TopErrorKind.CallLimited)]
    [InlineData(7, null, TopErrorKind.CallLimited)]
    [InlineData(27, "invalid-sessionkey", TopErrorKind.SessionInvalid)]
    [InlineData(27, "session-expired", TopErrorKind.SessionInvalid)]
    [InlineData(27, null, TopErrorKind.SessionInvalid)]
    [InlineData(11, "isv.permission-api-package-limit", TopErrorKind.Permission)]
    [InlineData(12, null, TopErrorKind.Permission)]
    public void Errors_are_classified_by_sub_code_first_then_code(int code, string? subCode, TopErrorKind expected)
    {
        Assert.Equal(expected, TopErrorClassifier.Classify(code, subCode));
    }

    [Theory]
    [InlineData("This ban will last for 1 more seconds", 1)]
    [InlineData("This ban will last for 31224 more seconds", 31224)]
    [InlineData("App Call Limited. This ban will last for 17 more seconds.", 17)]
    public void Ban_length_is_read_from_sub_msg(string subMsg, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), TopErrorClassifier.BanLength(subMsg));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("App Call Limited")]
    [InlineData("This ban will last for many more seconds")]
    public void Ban_length_is_unknown_when_sub_msg_does_not_say(string? subMsg)
    {
        Assert.Null(TopErrorClassifier.BanLength(subMsg));
    }

    [Theory]
    [InlineData("accesscontrol.limited-by-app-access-count", TopBanScope.AppQuota)]
    [InlineData("accesscontrol.limited-by-api-access-count", TopBanScope.ApiFrequency)]
    [InlineData("accesscontrol.limited-by-app-api-access-count", TopBanScope.AppApiFrequency)]
    [InlineData("accesscontrol.limited-by-dynamic-access-count", TopBanScope.Dynamic)]
    [InlineData(null, TopBanScope.Unknown)]
    public void Ban_scope_tells_the_app_quota_from_frequency_limits(string? subCode, TopBanScope expected)
    {
        Assert.Equal(expected, TopErrorClassifier.BanScope(subCode));
    }

    [Theory]
    [InlineData(TopErrorKind.SessionInvalid, ExitCode.NoPermission)]
    [InlineData(TopErrorKind.CallLimited, ExitCode.TemporaryFailure)]
    [InlineData(TopErrorKind.Transient, ExitCode.Unavailable)]
    [InlineData(TopErrorKind.CallerError, ExitCode.Software)]
    [InlineData(TopErrorKind.Unrecognized, ExitCode.Unavailable)]
    [InlineData(TopErrorKind.MalformedAnswer, ExitCode.Unavailable)]
    [InlineData(TopErrorKind.BadCredentials, ExitCode.Config)]
    [InlineData(TopErrorKind.GatewayRefused, ExitCode.Config)]
    [InlineData(TopErrorKind.Overloaded, ExitCode.TemporaryFailure)]
    public void Each_kind_maps_to_its_exit_code(TopErrorKind kind, ExitCode expected)
    {
        Assert.Equal(expected, new TopException(kind, "taobao.time.get", 1, null, null, null, null).ToExitCode());
    }

    [Fact]
    public void Quota_exhaustion_exits_as_temporary_failure_so_the_next_run_resumes()
    {
        var ex = new TopQuotaExhaustedException("taobao.trade.fullinfo.get", "accesscontrol.limited-by-app-access-count",
            "This ban will last for 30000 more seconds", "r1", TimeSpan.FromSeconds(30000), null);
        Assert.Equal(ExitCode.TemporaryFailure, ex.ToExitCode());
        Assert.Contains("quota", ex.Message, StringComparison.Ordinal);
    }
}

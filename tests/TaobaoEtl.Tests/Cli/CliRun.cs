using TaobaoEtl.Cli;

namespace TaobaoEtl.Tests.Cli;

/// <summary>
/// One <c>taobao-etl</c> run in process, as a scheduler sees it: the exit code and what the program wrote to stdout and
/// stderr. The in-process CLI tests all run the program this one way, through <see cref="CommandLine.RunAsync"/>.
/// </summary>
internal sealed record CliRun(int Code, string Out, string Err)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

using TaobaoEtl.Cli;
using TaobaoEtl.Configuration;

namespace TaobaoEtl.Tests.Cli;

public sealed class RedactingTextWriterTests
{
    private static SecretRedactor Redactor() => SecretRedactor.FromSettings(new Dictionary<string, string?> { ["Top:AppSecret"] = "top-secret-9" });

    [Fact]
    public async Task A_secret_written_in_pieces_within_a_line_is_masked()
    {
        var inner = new StringWriter();
        var writer = new RedactingTextWriter(inner);
        writer.Use(Redactor());

        writer.Write("sub_msg: top-");
        writer.Write('s');
        await writer.WriteAsync("ecret-9 and more");
        await writer.WriteLineAsync();
        writer.WriteLine("second top-secret-9 line");

        Assert.Equal($"sub_msg: *** and more{Environment.NewLine}second *** line{Environment.NewLine}", inner.ToString());
    }

    [Fact]
    public void A_flush_writes_an_unfinished_line_masked()
    {
        var inner = new StringWriter();
        var writer = new RedactingTextWriter(inner);
        writer.Use(Redactor());

        writer.Write("tail top-secret-9");
        Assert.Equal("", inner.ToString());
        writer.Flush();

        Assert.Equal("tail ***", inner.ToString());
    }
}

using TaobaoEtl.Normalize;

namespace TaobaoEtl.Tests.Normalize;

public sealed class TradeNormalizerFuzzTests
{
    [Fact]
    public void Corrupted_trades_are_always_accepted_or_rejected_never_thrown()
    {
        Assert.True(TradeEnvelope.TryExtract(Fixture.Bytes("fullinfo_multi_line.json"), out var trade, out _));
        var original = trade.ToArray();
        var random = new Random(1111);
        byte[] alphabet = "{}[]\":,0123456789.-e \\u8abXx\0"u8.ToArray();
        var rejected = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Length);
                switch (random.Next(3))
                {
                    case 0: bytes[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: bytes = bytes[..at]; break;
                    default: bytes[at] = (byte)random.Next(256); break;
                }

                if (bytes.Length == 0) break;
            }

            var result = TradeNormalizer.Normalize(bytes, "shop-1", Fixture.FetchedAt);
            if (result.IsAccepted)
            {
                Assert.True(result.AcceptedValue.Tid > 0);
                Assert.Equal(result.AcceptedValue.Lines.Count, result.AcceptedValue.Order.LineCount);
                Assert.DoesNotContain('\0', result.AcceptedValue.RawJson);
            }
            else
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Reason));
                Assert.DoesNotContain('\0', result.Rejection.RawText);
            }
        }

        Assert.InRange(rejected, 1000, 3000); // the corruption really produced bad input
    }
}

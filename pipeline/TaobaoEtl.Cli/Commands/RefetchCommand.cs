using System.CommandLine;
using Microsoft.Extensions.Logging;
using TaobaoEtl.Configuration;
using TaobaoEtl.Flow;
using TaobaoEtl.Flow.Stages;
using TaobaoEtl.State;

namespace TaobaoEtl.Cli.Commands;

/// <summary><c>taobao-etl refetch</c>: fetch given trades (or a shop's owed trades) again and upsert them; no platform clock is read.</summary>
internal static class RefetchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var tids = new Option<long[]>("--tid")
        {
            Description = "Trade ids to fetch again (repeatable, or several after one --tid). Without --tid: the shop's owed trades (and open trade dead letters), whatever their backoff.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };
        var shopOption = new Option<string?>("--shop") { Description = "The shop id (Shops:N:ShopId); needed when several shops are configured." };
        var command = new Command("refetch", "Fetch trades again with taobao.trade.fullinfo.get and upsert them (the newer version still wins).");
        command.Options.Add(tids);
        command.Options.Add(shopOption);
        CommandAction.Set(command, ConfigurationNeeds.Database | ConfigurationNeeds.Platform, output, error, async (session, parse, cancellationToken) =>
        {
            using var platform = PlatformConnection.Open(session);
            var wanted = parse.GetValue(shopOption);
            SyncShop? shop = wanted is null
                ? (platform.Shops.Count == 1 ? platform.Shops[0] : null)
                : platform.Shops.FirstOrDefault(s => s.ShopId == wanted);
            if (shop is null)
            {
                await session.Error.WriteLineAsync(wanted is null
                    ? "taobao-etl: several shops are configured: name one with --shop"
                    : $"taobao-etl: no configured shop has the id '{wanted}'");
                return ExitCode.Usage;
            }

            var list = parse.GetValue(tids) ?? [];
            if (list.Any(tid => tid <= 0))
            {
                await session.Error.WriteLineAsync("taobao-etl: --tid takes positive trade ids");
                return ExitCode.Usage;
            }

            var refetch = new TidRefetch(platform.Client, session.DataSource, platform.Options.Sync,
                FetchConcurrency.From(platform.Options.Sync.DetailConcurrency, platform.Options.Top.CallsPerSecond), session.Clock, session.TimeProvider, session.LoggerFactory.CreateLogger<TidRefetch>(),
                SecretRedactor.FromOptions(platform.Options));
            // Without --tid: everything the shop owes, trades and refunds.
            IReadOnlyList<long> targets = list.Length > 0 ? list : await refetch.OwedTidsAsync(shop.ShopId, cancellationToken);
            IReadOnlyList<long> refunds = list.Length > 0 ? [] : await refetch.OwedRefundIdsAsync(shop.ShopId, cancellationToken);
            var summary = await refetch.RefetchAsync(shop, targets, refunds, cancellationToken);
            await RunSummaryText.WriteAsync(session.Output, summary, session.Error);
            summary.ThrowIfFailed();
            return summary.ExitCode;
        });
        return command;
    }
}

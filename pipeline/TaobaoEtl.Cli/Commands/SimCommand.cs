using System.CommandLine;
using System.Globalization;
using NodaTime;
using TaobaoEtl.Configuration;
using TaobaoEtl.TopSim;
using TaobaoEtl.Windows;

namespace TaobaoEtl.Cli.Commands;

/// <summary>
/// <c>taobao-etl sim</c>: runs TopSim standalone until SIGINT/SIGTERM. It prints its URL and its own fake
/// credentials (app key, app secret, one session per shop) on stdout: a deliberate exception to "secrets are
/// never printed", since they are the simulator's, and a client needs them to call it.
/// </summary>
internal static class SimCommand
{

    public static Command Create(TextWriter output, TextWriter error)
    {
        var preset = new Option<string>("--preset") { Description = "World size: small (~20k trades), double11 (a quarter plus the 11-11 peak), large (>1M).", DefaultValueFactory = _ => "small" };
        preset.AcceptOnlyFromAmong("small", "double11", "large");
        var profile = new Option<string>("--profile") { Description = "clean (no faults) or hostile (every fault switch on).", DefaultValueFactory = _ => "clean" };
        profile.AcceptOnlyFromAmong("clean", "hostile");
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1; 0 = a free port.", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the world and of the injected faults.", DefaultValueFactory = _ => 20261111 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second (0 freezes the clock).", DefaultValueFactory = _ => 60 };
        var clockStart = new Option<string?>("--clock-start") { Description = "Simulated start, 'yyyy-MM-dd HH:mm:ss' GMT+8 (default: the preset's)." };

        var command = new Command("sim", "Run TopSim, the simulated Taobao Open Platform, on 127.0.0.1 until stopped.");
        foreach (var option in new Option[] { preset, profile, port, seed, speed, clockStart }) command.Options.Add(option);

        CommandAction.Set(command, ConfigurationNeeds.None, output, error, async (session, parse, cancellationToken) =>
        {
            Instant? start = null;
            if (parse.GetValue(clockStart) is { } text)
            {
                if (!PlatformTime.TryParse(text, out var parsed))
                {
                    await session.Error.WriteLineAsync($"taobao-etl: --clock-start must be {PlatformTime.Form}");
                    return ExitCode.Usage;
                }

                start = parsed;
            }

            var options = new TopSimOptions
            {
                Preset = parse.GetValue(preset) switch { "double11" => SimPreset.Double11, "large" => SimPreset.Large, _ => SimPreset.Small },
                Profile = parse.GetValue(profile) == "hostile" ? SimProfile.Hostile : SimProfile.Clean,
                Port = parse.GetValue(port),
                Seed = parse.GetValue(seed),
                ClockSpeed = parse.GetValue(speed),
                ClockStart = start,
                TimeProvider = session.TimeProvider,
            };

            TopSim.TopSim sim;
            try
            {
                sim = await TopSim.TopSim.StartAsync(options, cancellationToken);
            }
            catch (ArgumentException ex)
            {
                await session.Error.WriteLineAsync("taobao-etl: " + ex.Message);
                return ExitCode.Usage;
            }

            await using (sim)
            {
                var o = session.Output;
                await o.WriteLineAsync(sim.BaseUri.GetLeftPart(UriPartial.Authority));
                await o.WriteLineAsync("app_key: " + sim.AppKey);
                await o.WriteLineAsync("app_secret: " + sim.AppSecret);
                foreach (var shop in sim.Shops) await o.WriteLineAsync("session: " + shop.Session);
                await o.FlushAsync(cancellationToken);
                foreach (var shop in sim.Shops)
                    await session.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"shop {shop.ShopId} {shop.SellerNick}"));
                await session.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"TopSim: {sim.TradeCount:N0} trades, started in {sim.StartupTime.TotalSeconds:F1} s, gateway {sim.GatewayUri}; Ctrl+C to stop."));

                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, session.TimeProvider, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // SIGINT/SIGTERM: the normal way to stop a simulator.
                }
            }

            return ExitCode.Ok;
        });
        return command;
    }
}

using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using TaobaoEtl.TopSim.Faults;
using TaobaoEtl.TopSim.Gateway;
using TaobaoEtl.TopSim.World;

namespace TaobaoEtl.TopSim.Control;

/// <summary>
/// The simulator's own endpoints, beside (never on) the gateway: read and move the clock, the ground truth,
/// the counters, and the hostile switches at run time.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, SimContext sim)
    {
        routes.MapGet("/sim/clock", http => WriteJsonAsync(http, w => Clock(w, sim)));
        routes.MapPost("/sim/clock/advance", http => AdvanceAsync(http, sim));
        routes.MapPost("/sim/clock/speed", http => SpeedAsync(http, sim));
        routes.MapGet("/sim/truth", http => TruthAsync(http, sim));
        routes.MapGet("/sim/stats", http => WriteJsonAsync(http, w => Stats(w, sim)));
        routes.MapGet("/sim/faults", http => WriteFaultsAsync(http, sim.Faults));
        routes.MapPost("/sim/faults", http => SetFaultsAsync(http, sim));
        routes.MapPost("/sim/ban", http => BanAsync(http, sim));
        routes.MapGet("/sim/life", http => WriteJsonAsync(http, w => Life(w, sim)));
        routes.MapPost("/sim/life", http => SetLifeAsync(http, sim));
    }

    private static void Clock(Utf8JsonWriter w, SimContext sim)
    {
        var now = sim.Clock.Now;
        w.WriteStartObject();
        w.WriteString("now", now.ToDateTimeOffset());
        w.WriteString("local", PlatformTime.Format(now));
        w.WriteNumber("epochMillis", now.ToUnixTimeMilliseconds());
        w.WriteNumber("speed", sim.Clock.Speed);
        // How far past the last change a harness must move the clock before every change is in the list index.
        w.WriteNumber("maxIndexLagSeconds", ListIndex.LongestLagMs(sim.Faults) / 1000.0);
        w.WriteBoolean("lifePaused", sim.World.Pause.IsPaused);
        w.WriteEndObject();
    }

    private static void Life(Utf8JsonWriter w, SimContext sim)
    {
        w.WriteStartObject();
        var paused = sim.World.Pause.PausedAtMs;
        w.WriteBoolean("paused", paused is not null);
        if (paused is { } at)
        {
            var instant = sim.World.ToInstant(at);
            w.WriteString("pausedAt", PlatformTime.Format(instant));
            w.WriteNumber("pausedAtEpochMillis", instant.ToUnixTimeMilliseconds());
        }

        w.WriteNumber("maxIndexLagSeconds", ListIndex.LongestLagMs(sim.Faults) / 1000.0);
        w.WriteEndObject();
    }

    private static async Task SetLifeAsync(HttpContext http, SimContext sim)
    {
        LifeSwitch? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(http.Request.Body, ControlJsonContext.Default.LifeSwitch, http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?.Paused is not { } paused)
        {
            await BadRequestAsync(http, "the body must be {\"paused\":true} or {\"paused\":false}");
            return;
        }

        var nowMs = sim.World.ToMs(sim.Clock.Now);
        if (paused) sim.World.Pause.Pause(nowMs);
        else sim.World.Pause.Resume(nowMs);
        await WriteJsonAsync(http, w => Life(w, sim));
    }

    private static async Task AdvanceAsync(HttpContext http, SimContext sim)
    {
        double? seconds = null;
        if (http.Request.Query["seconds"] is { Count: > 0 } query
            && double.TryParse(query.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var fromQuery))
        {
            seconds = fromQuery;
        }
        else if (http.Request.ContentLength is > 0 || http.Request.HasJsonContentType())
        {
            try
            {
                seconds = (await JsonSerializer.DeserializeAsync(http.Request.Body, ControlJsonContext.Default.ClockAdvance, http.RequestAborted))?.Seconds;
            }
            catch (JsonException)
            {
                seconds = null;
            }
        }

        if (seconds is not ({ } s and >= 0 and <= 366 * 86_400))
        {
            await BadRequestAsync(http, "seconds must be a number of seconds in [0, 31622400] (query ?seconds=N or body {\"seconds\":N})");
            return;
        }

        sim.Clock.Advance(Duration.FromTicks((long)(seconds.Value * TimeSpan.TicksPerSecond)));
        await WriteJsonAsync(http, w => Clock(w, sim));
    }

    // A harness that freezes the clock for determinism lets it run for a while, so calls meet a moving clock (a read
    // and the Date of its answer in different seconds). At most 1: the client bounds the read instant by its own
    // round trip, which holds only while the platform's clock runs no faster than real time.
    private static async Task SpeedAsync(HttpContext http, SimContext sim)
    {
        if (!double.TryParse(http.Request.Query["value"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) || speed is < 0 or > 1)
        {
            await BadRequestAsync(http, "value must be a clock speed in [0, 1] (0 = frozen, 1 = real time)");
            return;
        }

        sim.Clock.SetSpeed(speed);
        await WriteJsonAsync(http, w => Clock(w, sim));
    }

    private static void Stats(Utf8JsonWriter w, SimContext sim)
    {
        w.WriteStartObject();
        w.WriteString("now", PlatformTime.Format(sim.Clock.Now));
        Counters(w, "callsServed", sim.Stats.CallsServed);
        Counters(w, "errorsInjected", sim.Stats.ErrorsInjected);
        Counters(w, "callerErrors", sim.Stats.CallerErrors);
        w.WriteNumber("bans", sim.Stats.Bans);
        w.WriteNumber("refusedDuringBan", sim.Stats.RefusedDuringBan);
        w.WriteEndObject();
    }

    private static void Counters(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, long>> counters)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in counters.OrderBy(c => c.Key, StringComparer.Ordinal)) w.WriteNumber(key, value);
        w.WriteEndObject();
    }

    private static async Task SetFaultsAsync(HttpContext http, SimContext sim)
    {
        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException ex)
        {
            await BadRequestAsync(http, "the body must be a JSON object of FaultOptions: " + ex.Message);
            return;
        }

        if (patch is not JsonObject changes)
        {
            await BadRequestAsync(http, "the body must be a JSON object of FaultOptions");
            return;
        }

        // Merge the given switches into the ones in force: a harness names only what it changes.
        var current = JsonSerializer.SerializeToNode(sim.Faults, ControlJsonContext.Default.FaultOptions)!.AsObject();
        foreach (var (name, value) in changes)
        {
            var key = current.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                await BadRequestAsync(http, $"unknown switch '{name}'");
                return;
            }

            current[key] = value?.DeepClone();
        }

        FaultOptions? next;
        try
        {
            next = current.Deserialize(ControlJsonContext.Default.FaultOptions);
        }
        catch (JsonException ex)
        {
            await BadRequestAsync(http, ex.Message);
            return;
        }

        var errors = next?.Validate() ?? ["the body must be a JSON object of FaultOptions"];
        if (errors.Count > 0)
        {
            await BadRequestAsync(http, string.Join("; ", errors));
            return;
        }

        sim.Faults = next!;
        await WriteFaultsAsync(http, next!);
    }

    private static async Task BanAsync(HttpContext http, SimContext sim)
    {
        if (!double.TryParse(http.Request.Query["seconds"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is <= 0 or > 86_400)
        {
            await BadRequestAsync(http, "seconds must be in (0, 86400]");
            return;
        }

        sim.Gate.BanNow(TimeSpan.FromSeconds(seconds));
        await WriteJsonAsync(http, w => Stats(w, sim));
    }

    private static async Task WriteFaultsAsync(HttpContext http, FaultOptions faults)
    {
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, faults, ControlJsonContext.Default.FaultOptions, http.RequestAborted);
    }

    /// <summary>
    /// Every trade's and refund's state now (true state, no index lag), one JSON object a line, streamed: a million
    /// trades never sit in memory together.
    /// </summary>
    private static async Task TruthAsync(HttpContext http, SimContext sim)
    {
        var cancellationToken = http.RequestAborted;
        var now = sim.Clock.Now;
        var nowMs = sim.World.ToMs(now);
        var twinRate = sim.Faults.SameSecondChangeRate;
        long? onlyShop = long.TryParse(http.Request.Query["shop_id"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var shopId) ? shopId : null;
        // modified_from (platform time text): only trades changed since, decided from the schedule before any state is built.
        long? fromMs = PlatformTime.TryParse(http.Request.Query["modified_from"].ToString(), out var from) ? sim.World.ToMs(from) : null;
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        http.Response.Headers.Date = now.ToDateTimeOffset().ToString("R", CultureInfo.InvariantCulture);
        var pipe = http.Response.BodyWriter;
        var upper = TradeWorld.LowerBound(sim.World.CreatedSecond, (int)Math.Min(int.MaxValue, nowMs / 1000 + 1));
        using var w = new Utf8JsonWriter(pipe, JsonOut.Options);
        for (var index = 0; index < upper; index++)
        {
            if (onlyShop is { } only && sim.World.Shops[sim.World.Shop[index]].ShopId != only) continue;
            if (fromMs is { } since && LastChangeMs(sim.World, index, nowMs, twinRate) < since) continue;
            var t = sim.Sheets.At(index, nowMs, twinRate);
            if (t is null) continue;
            TruthLine(w, pipe, t, sim.World.ToInstant(sim.Index.IndexedAt(index, nowMs, sim.Faults)));
            // Every refund of the trade, old and latest, in the order they were asked for.
            if (t.HasRefunds)
            {
                foreach (var refund in t.Refunds) RefundLine(w, pipe, t, refund);
            }

            if (pipe.UnflushedBytes > 1 << 16) await pipe.FlushAsync(cancellationToken);
        }

        await pipe.FlushAsync(cancellationToken);
    }

    private static long LastChangeMs(TradeWorld world, int index, long nowMs, double twinRate)
    {
        Span<LifeEvent> events = stackalloc LifeEvent[LifeScheduler.MaxEvents];
        var n = world.Schedule(index, twinRate, events);
        var last = -1L;
        for (var k = 0; k < n && events[k].AtMs <= nowMs; k++) last = events[k].Second * 1000;
        return last;
    }

    private static void TruthLine(Utf8JsonWriter w, PipeWriter pipe, TradeSheet t, Instant indexedAt)
    {
        w.Reset();
        w.WriteStartObject();
        w.WriteString("kind", "trade");
        w.WriteNumber("tid", t.Tid);
        w.WriteNumber("shop_id", t.Shop.ShopId);
        w.WriteString("seller_nick", t.Shop.SellerNick);
        w.WriteString("type", t.Type);
        w.WriteString("status", t.Status);
        w.WriteString("created", PlatformTime.Format(t.Created));
        w.WriteString("modified", PlatformTime.Format(t.Modified));
        // When the list index showed (or will show) this latest change, to the second (floored): a change shown
        // before a sync's watermark is one that sync could list; one shown at or after it is not owed yet.
        w.WriteString("indexed_at", PlatformTime.Format(indexedAt));
        if (t.PayTime is { } paid) w.WriteString("pay_time", PlatformTime.Format(paid));
        if (t.ConsignTime is { } consigned) w.WriteString("consign_time", PlatformTime.Format(consigned));
        if (t.EndTime is { } ended) w.WriteString("end_time", PlatformTime.Format(ended));
        w.WriteString("payment", Money.Text(t.Payment));
        w.WriteString("total_fee", Money.Text(t.TotalFee));
        w.WriteString("post_fee", Money.Text(t.PostFee));
        w.WriteString("discount_fee", Money.Text(t.DiscountFee));
        w.WriteString("received_payment", Money.Text(t.ReceivedPayment));
        if (t.StepTradeStatus is not null)
        {
            w.WriteString("step_trade_status", t.StepTradeStatus);
            w.WriteString("step_paid_fee", Money.Text(t.StepPaidFee));
        }

        w.WriteString("buyer_nick", t.BuyerNick);
        if (t.SellerMemo is not null) w.WriteString("seller_memo", t.SellerMemo);
        w.WriteNumber("seller_flag", t.SellerFlag);
        w.WriteStartArray("lines");
        foreach (var l in t.Lines)
        {
            w.WriteStartObject();
            w.WriteNumber("oid", l.Oid);
            w.WriteString("status", l.Status);
            w.WriteString("refund_status", l.RefundStatus);
            if (l.RefundId is { } refundId) w.WriteNumber("refund_id", refundId);
            w.WriteString("price", Money.Text(l.Price));
            w.WriteNumber("num", l.Num);
            w.WriteString("total_fee", Money.Text(l.TotalFee));
            w.WriteString("discount_fee", Money.Text(l.DiscountFee));
            w.WriteString("payment", Money.Text(l.Payment));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        NewLine(pipe);
    }

    private static void RefundLine(Utf8JsonWriter w, PipeWriter pipe, TradeSheet t, RefundSheet r)
    {
        w.Reset();
        w.WriteStartObject();
        w.WriteString("kind", "refund");
        w.WriteNumber("refund_id", r.RefundId);
        w.WriteNumber("tid", t.Tid);
        w.WriteNumber("oid", r.Oid);
        w.WriteNumber("shop_id", t.Shop.ShopId);
        w.WriteString("status", r.Status);
        w.WriteString("refund_fee", Money.Text(r.RefundFee));
        w.WriteString("created", PlatformTime.Format(r.Created));
        w.WriteString("modified", PlatformTime.Format(r.Modified));
        w.WriteString("order_status", r.OrderStatus);
        w.WriteString("refund_phase", r.Phase);
        w.WriteBoolean("has_good_return", r.HasGoodReturn);
        w.WriteString("bill_type", r.BillType);
        w.WriteEndObject();
        w.Flush();
        NewLine(pipe);
    }

    private static void NewLine(PipeWriter pipe)
    {
        var span = pipe.GetSpan(1);
        span[0] = (byte)'\n';
        pipe.Advance(1);
    }

    private static async Task WriteJsonAsync(HttpContext http, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonOut.Options)) write(w);
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    private static async Task BadRequestAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await WriteJsonAsync(http, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });
    }
}

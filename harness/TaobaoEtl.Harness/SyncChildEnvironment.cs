using System.Globalization;
using TopSimHost = TaobaoEtl.TopSim.TopSim;

namespace TaobaoEtl.Harness;

/// <summary>
/// A sync child's configuration as a scheduler gives it: <c>TAOBAOETL__…</c> variables only. The one place that spells
/// the keys, so the chaos harness, the bench and the child-process tests configure children alike.
/// </summary>
public sealed class SyncChildEnvironment
{
    private const string Prefix = "TAOBAOETL__";

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private int _shops;

    public SyncChildEnvironment(string connectionString, Uri gateway, string appKey, string appSecret)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        Set("Database__ConnectionString", connectionString);
        Top("GatewayUrl", gateway.AbsoluteUri);
        Top("AppKey", appKey);
        Top("AppSecret", appSecret);
        _variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    }

    private SyncChildEnvironment(SyncChildEnvironment other)
    {
        _variables = new Dictionary<string, string>(other._variables, StringComparer.Ordinal);
        _shops = other._shops;
    }

    /// <summary>A child against <paramref name="sim"/>'s gateway, credentials and every one of its shops.</summary>
    public static SyncChildEnvironment For(string connectionString, TopSimHost sim)
    {
        ArgumentNullException.ThrowIfNull(sim);
        return new SyncChildEnvironment(connectionString, sim.GatewayUri, sim.AppKey, sim.AppSecret)
            .Shops(sim.Shops.Select(s => (s.ShopId.ToString(CultureInfo.InvariantCulture), s.SellerNick, s.Session)));
    }

    public SyncChildEnvironment Top(string key, string value) => Set("Top__" + key, value);

    public SyncChildEnvironment Top(string key, int value) => Top(key, value.ToString(CultureInfo.InvariantCulture));

    public SyncChildEnvironment Top(string key, TimeSpan value) => Top(key, value.ToString("c", CultureInfo.InvariantCulture));

    public SyncChildEnvironment Sync(string key, string value) => Set("Sync__" + key, value);

    public SyncChildEnvironment Sync(string key, int value) => Sync(key, value.ToString(CultureInfo.InvariantCulture));

    public SyncChildEnvironment Sync(string key, TimeSpan value) => Sync(key, value.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>The options of <c>Sync</c> by key, as text (e.g. <c>BatchSize</c> = <c>40</c>).</summary>
    public SyncChildEnvironment Sync(IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings) Sync(key, value);
        return this;
    }

    /// <summary>The child's log level (<c>Information</c>, <c>Warning</c>…).</summary>
    public SyncChildEnvironment LogLevel(string level) => Set("Logging__Level", level);

    /// <summary>Appends shops after those given so far.</summary>
    public SyncChildEnvironment Shops(IEnumerable<(string ShopId, string Nick, string Session)> shops)
    {
        ArgumentNullException.ThrowIfNull(shops);
        foreach (var (shopId, nick, session) in shops)
        {
            var shop = "Shops__" + _shops.ToString(CultureInfo.InvariantCulture) + "__";
            Set(shop + "ShopId", shopId);
            Set(shop + "SellerNick", nick);
            Set(shop + "Session", session);
            _shops++;
        }

        return this;
    }

    /// <summary>An independent copy, to change for some children (a storm's slice length) while this one stays as it is.</summary>
    public SyncChildEnvironment Copy() => new(this);

    public Dictionary<string, string> Build() => new(_variables, StringComparer.Ordinal);

    private SyncChildEnvironment Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _variables[Prefix + key] = value;
        return this;
    }
}

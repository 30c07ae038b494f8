namespace TaobaoEtl.Configuration;

/// <summary>The whole configuration, bound once at start and validated before anything runs.</summary>
public sealed class EtlOptions
{
    public DatabaseOptions Database { get; set; } = new();
    public TopOptions Top { get; set; } = new();
    public List<ShopOptions> Shops { get; set; } = [];
    public SyncOptions Sync { get; set; } = new();
    public LoggingOptions Logging { get; set; } = new();
}

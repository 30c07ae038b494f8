using System.ComponentModel.DataAnnotations;

namespace TaobaoEtl.Configuration;

/// <summary>One seller whose trades are synced.</summary>
public sealed class ShopOptions
{
    /// <summary>Our own stable id for the shop; every table's key leads with it.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "must be 1-64 letters, digits, '_', '.' or '-'")]
    public string ShopId { get; set; } = "";

    public string SellerNick { get; set; } = "";

    /// <summary>The seller's authorization (session / access_token). A secret.</summary>
    public string Session { get; set; } = "";
}

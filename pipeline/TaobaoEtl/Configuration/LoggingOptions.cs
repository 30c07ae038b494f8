using System.ComponentModel.DataAnnotations;

namespace TaobaoEtl.Configuration;

public sealed class LoggingOptions
{
    public const string Section = "Logging";

    [RegularExpression("^(Verbose|Debug|Information|Warning|Error|Fatal)$",
        ErrorMessage = "must be Verbose, Debug, Information, Warning, Error or Fatal")]
    public string Level { get; set; } = "Information";

    [RegularExpression("^(human|json)$", ErrorMessage = "must be human or json")]
    public string Format { get; set; } = "human";
}

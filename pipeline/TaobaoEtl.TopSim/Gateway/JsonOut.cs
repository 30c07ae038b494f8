using System.Text.Encodings.Web;
using System.Text.Json;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>The platform writes CJK as UTF-8, not as \u escapes.</summary>
internal static class JsonOut
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

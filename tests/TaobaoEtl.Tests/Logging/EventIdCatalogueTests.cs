using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Tests.Logging;

/// <summary>
/// One catalogue of event ids over every assembly that logs: an operator filters and alerts by event id, so two
/// messages with one id make an alert fire on the wrong thing (or hide the right one).
/// </summary>
public sealed class EventIdCatalogueTests
{
    private static readonly string[] LoggingAssemblies = ["TaobaoEtl", "taobao-etl", "TaobaoEtl.TopSim", "TaobaoEtl.Bench", "TaobaoEtl.Harness"];

    [Fact]
    public void No_two_log_messages_share_an_event_id()
    {
        var messages = Catalogue();
        var shared = messages
            .GroupBy(message => message.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(m => m.Name))}")
            .ToList();

        Assert.True(messages.Count > 50, $"only {messages.Count} source-generated messages found: the scan misses assemblies");
        Assert.True(shared.Count == 0, "event ids used twice:\n" + string.Join("\n", shared));
    }

    [Fact]
    public void Every_message_has_an_event_id_of_its_own()
    {
        var unnumbered = Catalogue().Where(message => message.EventId <= 0).Select(message => message.Name).ToList();

        Assert.True(unnumbered.Count == 0, "messages without an event id:\n" + string.Join("\n", unnumbered));
    }

    [Fact]
    public void Every_message_of_the_product_is_source_generated()
    {
        // LogWarning(...) and friends take no event id and format at run time: a message of its own, outside the catalogue.
        var adHoc = new Regex(@"\.Log(Trace|Debug|Information|Warning|Error|Critical)\(", RegexOptions.CultureInvariant);
        var root = RepositoryRoot();
        var found = new[] { "pipeline", "benchmarks", "harness" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(hit => adHoc.IsMatch(hit.line))
            .Select(hit => $"{Path.GetRelativePath(root, hit.path)}:{hit.index + 1}: {hit.line.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "log calls outside the catalogue:\n" + string.Join("\n", found));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TaobaoEtl.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException($"TaobaoEtl.sln not found above {AppContext.BaseDirectory}");
    }

    private sealed record Message(int EventId, string Name);

    private static List<Message> Catalogue() =>
        [.. LoggingAssemblies
            .Select(Assembly.Load)
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(found => found.Attribute is not null)
            .Select(found => new Message(found.Attribute!.EventId, $"{found.Method.DeclaringType!.FullName}.{found.Method.Name}"))];
}

using System.Reflection;
using Microsoft.Extensions.Logging;

namespace TaobaoEtl.Tests.Logging;

/// <summary>
/// One catalogue of event ids over every assembly that logs: an operator filters and alerts by event id, so two
/// messages with one id make an alert fire on the wrong thing (or hide the right one).
/// </summary>
public sealed class EventIdCatalogueTests
{
    private static readonly string[] LoggingAssemblies = ["TaobaoEtl", "taobao-etl", "TaobaoEtl.TopSim", "TaobaoEtl.Bench"];

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

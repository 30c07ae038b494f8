using System.Text.Json;

namespace TaobaoEtl.TopSim.Gateway;

/// <summary>What a method decided: an error envelope, or the body of its <c>…_response</c> object.</summary>
internal abstract record Answer
{
    public static implicit operator Answer(TopError error) => new Failure(error);
}

internal sealed record Failure(TopError Error) : Answer;

internal sealed record Success(Action<Utf8JsonWriter> Body) : Answer;

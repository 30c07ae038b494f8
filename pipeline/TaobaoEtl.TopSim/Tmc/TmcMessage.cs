using NodaTime;

namespace TaobaoEtl.TopSim.Tmc;

/// <summary>One message of the message service, with exactly the 7 fields of the HTTP <c>tmc_message</c>.</summary>
internal sealed record TmcMessage(long Id, string Topic, string Content, Instant PubTime, string PubAppKey, long UserId, string UserNick);

namespace RuntimeActors.Engine;

/// <summary>One decoded item, delivered in order: a message, or a subscription when <see cref="Message"/> is null.</summary>
internal readonly record struct ZmtpInbound(ZMessage? Message, bool Subscribe, ReadOnlyMemory<byte> Topic);

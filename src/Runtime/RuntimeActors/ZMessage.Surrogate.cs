using Akka.Actor;
using Akka.Util;
using RuntimeActors.Messages;

namespace RuntimeActors;

/// <summary>
/// A message inside another one that Hyperion serializes (an application's own message that holds a
/// <see cref="ZMessage"/>) travels as its frames and connection properties, never as its pooled buffers. Messages
/// bound to <see cref="Serialization.ZMessageSerializer"/> do not come here.
/// </summary>
public sealed partial class ZMessage : ISurrogated
{
    ISurrogate ISurrogated.ToSurrogate(ActorSystem system) => new Surrogate
    {
        Frames = this.Select(frame => frame.ToArray()).ToArray(),
        PeerAddress = Properties?.PeerAddress,
        UserId = Properties?.UserId,
        Properties = Properties is { } properties ? new Dictionary<string, string>(properties.All) : null,
    };

    /// <summary>What Hyperion writes of a <see cref="ZMessage"/>.</summary>
    internal sealed class Surrogate : ISurrogate
    {
        public byte[][] Frames { get; init; } = [];

        public string? PeerAddress { get; init; }

        public string? UserId { get; init; }

        public Dictionary<string, string>? Properties { get; init; }

        public ISurrogated FromSurrogate(ActorSystem system)
        {
            var message = FromFrames(Frames);
            if (Properties is not null)
            {
                message.Properties = MessageProperties.Restore(PeerAddress ?? "", UserId, Properties);
            }

            return message;
        }
    }
}

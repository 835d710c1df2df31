using System.Text;
using RuntimeActors.Wire;

namespace RuntimeActors.Messages;

/// <summary>
/// The properties of every message received on one connection (libzmq's metadata_t, read with zmq_msg_gets): the
/// peer's address, the user id and metadata its ZAP handler returned, and the peer's handshake metadata. One object
/// per connection; each received message refers to it, so reading them costs no allocation per message.
/// </summary>
internal sealed class MessageProperties
{
    /// <summary>libzmq's name of the peer's address property.</summary>
    public const string PeerAddressProperty = "Peer-Address";

    /// <summary>libzmq's name of the ZAP user id property.</summary>
    public const string UserIdProperty = "User-Id";

    private readonly Dictionary<string, string> _properties = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="peerAddress">The peer's address as ZAP saw it.</param>
    /// <param name="zapReply">What ZAP answered, if it was asked.</param>
    /// <param name="peerMetadata">The peer's READY or INITIATE metadata.</param>
    public MessageProperties(string peerAddress, ZapReply? zapReply, ZmtpMetadata? peerMetadata)
    {
        PeerAddress = peerAddress;
        UserId = zapReply is { UserId.Length: > 0 } ? zapReply.UserId : null;

        // libzmq adds the ZAP properties first and the ZMTP ones after, and its map keeps the first of a name.
        _properties[PeerAddressProperty] = peerAddress;
        if (UserId is not null)
        {
            _properties[UserIdProperty] = UserId;
        }

        if (zapReply?.Metadata is { } zapMetadata)
        {
            foreach (var (name, value) in zapMetadata)
            {
                _properties.TryAdd(name, value);
            }
        }

        if (peerMetadata is not null)
        {
            foreach (var property in peerMetadata.Properties)
            {
                _properties.TryAdd(property.Name, Encoding.UTF8.GetString(property.Value.Span));
            }
        }
    }

    private MessageProperties(string peerAddress, string? userId)
    {
        PeerAddress = peerAddress;
        UserId = userId;
    }

    /// <summary>Every property, as a message carries them to another node.</summary>
    public IReadOnlyDictionary<string, string> All => _properties;

    /// <summary>The properties of a message read back on another node: the same values, though no connection is there.</summary>
    public static MessageProperties Restore(string peerAddress, string? userId, IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var restored = new MessageProperties(peerAddress, userId);
        foreach (var (name, value) in properties)
        {
            restored._properties[name] = value;
        }

        return restored;
    }

    /// <summary>The peer's address.</summary>
    public string PeerAddress { get; }

    /// <summary>The user id ZAP returned, or null.</summary>
    public string? UserId { get; }

    /// <summary>A property by name (case-insensitive, as ZMTP property names are), or null.</summary>
    public string? Get(string name) => _properties.GetValueOrDefault(name);
}

using System.Buffers.Binary;
using System.Text;
using RuntimeActors.Sockets;

namespace RuntimeActors.Wire;

/// <summary>
/// Connection metadata as carried by READY (RFC 37 "Connection Metadata"): properties with
/// case-insensitive names, each encoded as a 1-byte name length, the name, a 4-byte big-endian
/// value length and the value. Properties keep the order they were added or received in.
/// </summary>
internal sealed class ZmtpMetadata
{
    /// <summary>The property announcing the sender's socket type.</summary>
    public const string SocketTypeProperty = "Socket-Type";

    /// <summary>The property announcing the sender's routing identity.</summary>
    public const string IdentityProperty = "Identity";

    /// <summary>The largest identity ZMTP allows.</summary>
    public const int MaxIdentityLength = 255;

    private const int ValueLengthSize = 4;

    private readonly List<ZmtpProperty> _properties = [];

    /// <summary>The properties in wire order.</summary>
    public IReadOnlyList<ZmtpProperty> Properties => _properties;

    /// <summary>
    /// The metadata a socket announces in its READY: Socket-Type always, and Identity for REQ,
    /// DEALER and ROUTER (even when empty), as libzmq does; other types have no identity to announce.
    /// </summary>
    /// <param name="type">Our socket type.</param>
    /// <param name="identity">Our routing identity: at most 255 bytes, not starting with a zero byte.</param>
    public static ZmtpMetadata ForSocket(SocketType type, ReadOnlySpan<byte> identity = default)
    {
        if (identity.Length > MaxIdentityLength)
        {
            throw new ArgumentException($"A ZMTP identity is at most {MaxIdentityLength} bytes, this one is {identity.Length}.", nameof(identity));
        }

        if (!identity.IsEmpty && identity[0] == 0)
        {
            throw new ArgumentException("Identities starting with a zero byte are reserved (RFC 37).", nameof(identity));
        }

        var metadata = new ZmtpMetadata();
        metadata.Add(SocketTypeProperty, ZmtpSocketTypeNames.ToWireName(type));
        if (type is SocketType.Req or SocketType.Dealer or SocketType.Router)
        {
            metadata.Add(IdentityProperty, identity);
        }

        return metadata;
    }

    /// <summary>Adds a property with a binary value.</summary>
    /// <param name="name">1 to 255 characters from A-Z, a-z, 0-9, '-', '_', '.', '+'; not already present in any case.</param>
    /// <param name="value">Up to 2^31-1 bytes; copied.</param>
    public void Add(string name, ReadOnlySpan<byte> value)
    {
        ValidateName(name);
        if (Contains(name))
        {
            throw new ArgumentException($"Metadata already has a property named \"{name}\" (names are case-insensitive).", nameof(name));
        }

        _properties.Add(new ZmtpProperty(name, value.ToArray()));
    }

    /// <summary>Adds a property whose value is text, encoded as UTF-8.</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Add(name, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Whether a property of that name (in any case) is present.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Looks a property up by name, ignoring case.</summary>
    public bool TryGetValue(string name, out ReadOnlyMemory<byte> value)
    {
        var index = IndexOf(name);
        value = index >= 0 ? _properties[index].Value : default;
        return index >= 0;
    }

    /// <summary>The announced identity, or empty when there is none.</summary>
    public ReadOnlyMemory<byte> Identity => TryGetValue(IdentityProperty, out var value) ? value : ReadOnlyMemory<byte>.Empty;

    /// <summary>The announced socket type.</summary>
    /// <exception cref="ZmtpProtocolException">Socket-Type is absent or names no socket type this runtime knows.</exception>
    public SocketType ReadSocketType()
    {
        if (!TryGetValue(SocketTypeProperty, out var value))
        {
            throw new ZmtpProtocolException(ZmtpError.MissingSocketType, "READY metadata has no Socket-Type property");
        }

        return ZmtpSocketTypeNames.Parse(value.Span);
    }

    /// <summary>How many bytes <see cref="WriteTo"/> writes.</summary>
    public int GetEncodedLength()
    {
        var length = 0;
        foreach (var property in _properties)
        {
            length = checked(length + 1 + property.Name.Length + ValueLengthSize + property.Value.Length);
        }

        return length;
    }

    /// <summary>Encodes the properties in order.</summary>
    /// <returns>The number of bytes written.</returns>
    public int WriteTo(Span<byte> destination)
    {
        var length = GetEncodedLength();
        if (destination.Length < length)
        {
            throw new ArgumentException($"The metadata needs {length} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        var position = 0;
        foreach (var property in _properties)
        {
            destination[position++] = (byte)property.Name.Length;
            position += Encoding.Latin1.GetBytes(property.Name, destination[position..]);
            BinaryPrimitives.WriteInt32BigEndian(destination[position..], property.Value.Length);
            position += ValueLengthSize;
            property.Value.Span.CopyTo(destination[position..]);
            position += property.Value.Length;
        }

        return position;
    }

    /// <summary>Decodes the property list of a READY command (the data after the command name).</summary>
    /// <exception cref="ZmtpProtocolException">A property is truncated, has an empty or repeated name, or an oversized value.</exception>
    public static ZmtpMetadata Parse(ReadOnlySpan<byte> encoded)
    {
        var metadata = new ZmtpMetadata();
        var rest = encoded;
        while (!rest.IsEmpty)
        {
            var offset = encoded.Length - rest.Length;
            int nameLength = rest[0];
            if (nameLength == 0)
            {
                throw Malformed($"property at offset {offset} has an empty name; names have 1 to 255 characters");
            }

            if (rest.Length < 1 + nameLength + ValueLengthSize)
            {
                throw Malformed($"property at offset {offset} is truncated: its name and value length need {1 + nameLength + ValueLengthSize} bytes, {rest.Length} remain");
            }

            // Latin-1 maps every byte to one char, so odd names survive for comparison and logging.
            var nameBytes = rest.Slice(1, nameLength);
            var name = Encoding.Latin1.GetString(nameBytes);
            rest = rest[(1 + nameLength)..];
            var valueLength = BinaryPrimitives.ReadUInt32BigEndian(rest);
            rest = rest[ValueLengthSize..];
            if (valueLength > int.MaxValue)
            {
                throw Malformed($"property \"{ZmtpText.Describe(nameBytes)}\" has a value length of {valueLength}; values are at most 2^31-1 bytes");
            }

            if (valueLength > (uint)rest.Length)
            {
                throw Malformed($"property \"{ZmtpText.Describe(nameBytes)}\" has a value length of {valueLength} but only {rest.Length} bytes remain");
            }

            // A repeated name could smuggle a second Socket-Type past validation of the first.
            if (metadata.Contains(name))
            {
                throw Malformed($"property \"{ZmtpText.Describe(nameBytes)}\" appears more than once (names are case-insensitive)");
            }

            metadata._properties.Add(new ZmtpProperty(name, rest[..(int)valueLength].ToArray()));
            rest = rest[(int)valueLength..];
        }

        return metadata;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _properties.Count; i++)
        {
            if (string.Equals(_properties[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > byte.MaxValue)
        {
            throw new ArgumentException($"A metadata property name has 1 to 255 characters, \"{name}\" has {name.Length}.", nameof(name));
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+'))
            {
                throw new ArgumentException($"A metadata property name may hold only letters, digits, '-', '_', '.', '+'; \"{name}\" has '{c}'.", nameof(name));
            }
        }
    }

    private static ZmtpProtocolException Malformed(string message) =>
        new(ZmtpError.MalformedMetadata, "READY metadata " + message);
}

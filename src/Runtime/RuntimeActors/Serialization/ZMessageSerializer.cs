using System.Buffers.Binary;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using RuntimeActors.Messages;

namespace RuntimeActors.Serialization;

/// <summary>
/// The serializer of the messages that carry a <see cref="ZMessage"/> across nodes: <see cref="ZMessage"/> itself,
/// <see cref="Zmq.Send"/>, <see cref="Zmq.Received"/> and <see cref="Zmq.SendFailed"/>. The runtime's
/// <c>reference.conf</c> binds them to it (serializer <c>runtime-actors-zmessage</c>, identifier
/// <see cref="SerializerIdentifier"/>); every other message of <see cref="Zmq"/> goes to Hyperion.
/// </summary>
/// <remarks>
/// <para>
/// The format, little-endian, no type names: a message is its frame count (int32) and each frame as its length
/// (int32) and bytes (ZMTP's MORE flag is implied by the order), then one byte saying whether the connection
/// properties follow (1) or not (0); properties are the peer address, the user id and the count of name/value pairs,
/// each string as its UTF-8 length (int32, -1 for null) and bytes. <see cref="Zmq.Send"/> adds one byte for whether an
/// ack follows, and the ack as its serializer's identifier (int32), manifest (string) and bytes (int32 length);
/// <see cref="Zmq.SendFailed"/> adds the error code (int32) and the reason (string).
/// </para>
/// <para>
/// Serializing copies the frames (which may lie in pooled buffers) into the output and leaves the message as it was.
/// Deserializing makes a fresh message the receiver owns outright; its frames are slices of the payload array, which
/// Akka hands over and never reuses.
/// </para>
/// </remarks>
public sealed class ZMessageSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier: the same on every node (Akka reserves 0-40; 5555 is ZeroMQ's usual port).</summary>
    public const int SerializerIdentifier = 5555;

    private const string MessageManifest = "M";
    private const string SendManifest = "S";
    private const string ReceivedManifest = "R";
    private const string SendFailedManifest = "F";

    /// <summary>Creates the serializer for <paramref name="system"/> (Akka calls it with the system's configuration).</summary>
    public ZMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => SerializerIdentifier;

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        Zmq.Received => ReceivedManifest,
        Zmq.Send => SendManifest,
        ZMessage => MessageManifest,
        Zmq.SendFailed => SendFailedManifest,
        _ => throw Unsupported(o),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case Zmq.Received received:
                return Write(received.Message, 0, null);
            case ZMessage message:
                return Write(message, 0, null);
            case Zmq.Send send:
                return ToBinary(send);
            case Zmq.SendFailed failed:
                {
                    var reason = Encoding.UTF8.GetBytes(failed.Reason);
                    return Write(failed.Message, sizeof(int) + StringSize(reason), writer =>
                    {
                        writer.Int32((int)failed.Error);
                        writer.String(reason);
                    });
                }

            default:
                throw Unsupported(obj);
        }
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var reader = new Reader(bytes);
        object result;
        switch (manifest)
        {
            case ReceivedManifest:
                result = new Zmq.Received(reader.Message());
                break;
            case MessageManifest:
                result = reader.Message();
                break;
            case SendManifest:
                {
                    var message = reader.Message();
                    object? ack = null;
                    if (reader.Byte() != 0)
                    {
                        var serializerId = reader.Int32();
                        var ackManifest = reader.String() ?? "";
                        ack = system.Serialization.Deserialize(reader.Bytes(reader.Int32()).ToArray(), serializerId, ackManifest);
                    }

                    result = new Zmq.Send(message, ack);
                    break;
                }

            case SendFailedManifest:
                {
                    var message = reader.Message();
                    var error = (ZmqError)reader.Int32();
                    result = new Zmq.SendFailed(message, error) { Reason = reader.String() ?? "" };
                    break;
                }

            default:
                throw new System.Runtime.Serialization.SerializationException($"{nameof(ZMessageSerializer)} knows no manifest '{manifest}'");
        }

        reader.EnsureEnd();
        return result;
    }

    private byte[] ToBinary(Zmq.Send send)
    {
        if (send.Ack is null)
        {
            return Write(send.Message, 1, static writer => writer.Byte(0));
        }

        var serializer = system.Serialization.FindSerializerFor(send.Ack);
        var ack = serializer.ToBinary(send.Ack);
        var manifest = Encoding.UTF8.GetBytes(Akka.Serialization.Serialization.ManifestFor(serializer, send.Ack));
        return Write(send.Message, 1 + sizeof(int) + StringSize(manifest) + sizeof(int) + ack.Length, writer =>
        {
            writer.Byte(1);
            writer.Int32(serializer.Identifier);
            writer.String(manifest);
            writer.Int32(ack.Length);
            writer.Bytes(ack);
        });
    }

    /// <summary>Writes <paramref name="message"/>, then <paramref name="extraSize"/> bytes of <paramref name="writeExtra"/>.</summary>
    private static byte[] Write(ZMessage message, int extraSize, Action<Writer>? writeExtra)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = sizeof(int) + 1;
        foreach (var frame in message)
        {
            size += sizeof(int) + frame.Length;
        }

        var properties = message.Properties;
        byte[]? peerAddress = null;
        byte[]? userId = null;
        List<(byte[] Name, byte[] Value)>? pairs = null;
        if (properties is not null)
        {
            peerAddress = Encoding.UTF8.GetBytes(properties.PeerAddress);
            userId = properties.UserId is { } user ? Encoding.UTF8.GetBytes(user) : null;
            size += StringSize(peerAddress) + StringSize(userId) + sizeof(int);
            pairs = new List<(byte[], byte[])>(properties.All.Count);
            foreach (var (name, value) in properties.All)
            {
                var pair = (Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value));
                size += StringSize(pair.Item1) + StringSize(pair.Item2);
                pairs.Add(pair);
            }
        }

        var writer = new Writer(new byte[size + extraSize]);
        writer.Int32(message.Count);
        foreach (var frame in message)
        {
            writer.Int32(frame.Length);
            writer.Bytes(frame.Span);
        }

        if (pairs is null)
        {
            writer.Byte(0);
        }
        else
        {
            writer.Byte(1);
            writer.String(peerAddress);
            writer.String(userId);
            writer.Int32(pairs.Count);
            foreach (var (name, value) in pairs)
            {
                writer.String(name);
                writer.String(value);
            }
        }

        writeExtra?.Invoke(writer);
        return writer.Done();
    }

    private static int StringSize(byte[]? utf8) => sizeof(int) + (utf8?.Length ?? 0);

    private static ArgumentException Unsupported(object o) =>
        new($"{nameof(ZMessageSerializer)} cannot serialize {o?.GetType().FullName ?? "null"}", nameof(o));

    /// <summary>Writes into an array sized beforehand.</summary>
    private sealed class Writer(byte[] buffer)
    {
        private int _position;

        public void Byte(byte value) => buffer[_position++] = value;

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(_position), value);
            _position += sizeof(int);
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(buffer.AsSpan(_position));
            _position += bytes.Length;
        }

        public void String(byte[]? utf8)
        {
            if (utf8 is null)
            {
                Int32(-1);
                return;
            }

            Int32(utf8.Length);
            Bytes(utf8);
        }

        public byte[] Done() =>
            _position == buffer.Length ? buffer : throw new InvalidOperationException($"wrote {_position} of {buffer.Length} bytes");
    }

    /// <summary>Reads a payload, failing with a SerializationException on a truncated or malformed one.</summary>
    private sealed class Reader(byte[] buffer)
    {
        private int _position;

        public byte Byte()
        {
            Need(1);
            return buffer[_position++];
        }

        public int Int32()
        {
            Need(sizeof(int));
            var value = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(_position));
            _position += sizeof(int);
            return value;
        }

        public ReadOnlyMemory<byte> Bytes(int length)
        {
            if (length < 0)
            {
                throw Malformed($"a negative length {length}");
            }

            Need(length);
            var bytes = new ReadOnlyMemory<byte>(buffer, _position, length);
            _position += length;
            return bytes;
        }

        public string? String()
        {
            var length = Int32();
            return length == -1 ? null : Encoding.UTF8.GetString(Bytes(length).Span);
        }

        public ZMessage Message()
        {
            var count = Int32();
            if (count < 0 || count > (buffer.Length - _position) / sizeof(int))
            {
                throw Malformed($"a frame count of {count}");
            }

            var message = new ZMessage();
            for (var i = 0; i < count; i++)
            {
                message.Append(Bytes(Int32()));
            }

            if (Byte() != 0)
            {
                var peerAddress = String() ?? "";
                var userId = String();
                var pairs = Int32();
                if (pairs < 0 || pairs > (buffer.Length - _position) / (2 * sizeof(int)))
                {
                    throw Malformed($"a property count of {pairs}");
                }

                var properties = new KeyValuePair<string, string>[pairs];
                for (var i = 0; i < pairs; i++)
                {
                    properties[i] = new(String() ?? "", String() ?? "");
                }

                message.Properties = MessageProperties.Restore(peerAddress, userId, properties);
            }

            return message;
        }

        public void EnsureEnd()
        {
            if (_position != buffer.Length)
            {
                throw Malformed($"{buffer.Length - _position} bytes after the end");
            }
        }

        private void Need(int count)
        {
            if (buffer.Length - _position < count)
            {
                throw Malformed("a truncated payload");
            }
        }

        private static System.Runtime.Serialization.SerializationException Malformed(string what) =>
            new($"{nameof(ZMessageSerializer)}: {what}");
    }
}

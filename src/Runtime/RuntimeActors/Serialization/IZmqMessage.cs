namespace RuntimeActors.Serialization;

/// <summary>
/// Marks the messages of the actor face that may cross nodes (<see cref="Zmq"/>'s commands and replies,
/// <see cref="SocketEvent"/>): the runtime's <c>reference.conf</c> binds this interface to Hyperion, and the messages
/// that carry a <see cref="ZMessage"/> more specifically to <see cref="ZMessageSerializer"/>. One binding for them
/// all, so that a message added to <see cref="Zmq"/> is bound the day it is added.
/// </summary>
internal interface IZmqMessage
{
}

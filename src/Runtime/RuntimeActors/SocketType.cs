namespace RuntimeActors;

/// <summary>
/// The ZeroMQ socket types this runtime implements. The numeric values are libzmq's
/// (<c>ZMQ_PAIR</c> is 0 through <c>ZMQ_XSUB</c> 10) so that values exchanged with
/// libzmq-based tooling mean the same thing.
/// </summary>
public enum SocketType
{
    /// <summary>
    /// Exclusive pair: connects to exactly one PAIR peer at a time and sends and receives
    /// without any routing or filtering (zmq_socket(3) ZMQ_PAIR).
    /// </summary>
    Pair = 0,

    /// <summary>
    /// Publisher: distributes each message to all subscribers whose subscriptions match it;
    /// it cannot receive (zmq_socket(3) ZMQ_PUB).
    /// </summary>
    Pub = 1,

    /// <summary>
    /// Subscriber: receives the messages of the publishers it is connected to that match its
    /// subscriptions; it cannot send (zmq_socket(3) ZMQ_SUB).
    /// </summary>
    Sub = 2,

    /// <summary>
    /// Requester: sends a request and then receives its reply, strictly alternating, load
    /// balancing requests over its REP or ROUTER peers (zmq_socket(3) ZMQ_REQ).
    /// </summary>
    Req = 3,

    /// <summary>
    /// Replier: receives a request and then sends its reply to the peer that made it, strictly
    /// alternating, fair queuing requests from its REQ or DEALER peers (zmq_socket(3) ZMQ_REP).
    /// </summary>
    Rep = 4,

    /// <summary>
    /// Asynchronous requester: load balances outgoing messages over all its peers and fair
    /// queues incoming ones, with no send/receive lockstep (zmq_socket(3) ZMQ_DEALER).
    /// </summary>
    Dealer = 5,

    /// <summary>
    /// Asynchronous replier: prefixes each received message with the routing id of the peer it
    /// came from and routes each sent message to the peer named by its first frame
    /// (zmq_socket(3) ZMQ_ROUTER).
    /// </summary>
    Router = 6,

    /// <summary>
    /// Pipeline downstream node: fair queues messages from its PUSH peers; it cannot send
    /// (zmq_socket(3) ZMQ_PULL).
    /// </summary>
    Pull = 7,

    /// <summary>
    /// Pipeline upstream node: load balances messages over its PULL peers; it cannot receive
    /// (zmq_socket(3) ZMQ_PUSH).
    /// </summary>
    Push = 8,

    /// <summary>
    /// Publisher that also receives its subscribers' subscription and cancellation messages,
    /// as used by proxies (zmq_socket(3) ZMQ_XPUB).
    /// </summary>
    XPub = 9,

    /// <summary>
    /// Subscriber whose subscriptions are made by sending subscription messages upstream,
    /// as used by proxies (zmq_socket(3) ZMQ_XSUB).
    /// </summary>
    XSub = 10,
}

/**
 * The network layer: Netty's server, one handler per connection (frames in, responses out in request
 * order), and the limits a client meets first (connections, idle time, queued request bytes). Parses
 * and writes through the protocol layer; knows no handler.
 */
package dev.crucible.broker.net;

package dev.rendezvous.turn;

/** How a client reaches the server. */
public enum Transport {
    UDP, TCP, TLS
}

package dev.rendezvous.admin;

/**
 * One event of the operator's stream. {@code type} is one of {@code peer-joined}, {@code peer-left},
 * {@code peer-kicked}, {@code allocation-created}, {@code allocation-ended}, {@code node-joined}, {@code node-left},
 * {@code node-draining}, {@code ban-added}; fields that do not apply are empty.
 *
 * @param node the node it happened on
 * @param time when, ISO-8601
 * @param id   the allocation's or the ban's id, for those events
 */
public record AdminEvent(String type, String node, String time, String infoHash, String peerId, String id,
                         String address) {
}

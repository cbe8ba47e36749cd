package dev.rendezvous.tracker;

import java.nio.ByteBuffer;

/**
 * Joins a client's fragmented messages under a size limit. The container enforces its buffer size per frame
 * only (measured on Liberty 26: a 5 MB message sent as 16 KB fragments was assembled and delivered whole), so
 * the limit on whole messages is kept here. A single-frame message, the usual case, passes through uncopied, and
 * is checked too: a container may hand over a frame it did not bound. One instance per socket; the container
 * delivers one socket's frames one at a time. It holds nothing until a fragmented message arrives, and lets go of
 * what it held once the message is whole: most sockets sit idle, and an idle socket should cost no buffer.
 * <p>
 * A fragmented message that goes over the limit is refused when its last fragment arrives, not at once: the
 * fragments in between are counted and dropped, up to {@link #MAX_DISCARDED} more. Closing in the middle of a
 * message leaves its remaining frames unread: Liberty drops the connection when they arrive, and may do so before
 * the close frame is out, and the client's kernel resets a connection closed with data unread. Either way the
 * client never learns why (1006 or a broken pipe instead of 1009).
 */
final class MessageAssembler {
    /** What an oversize fragmented message may still bring (chars or bytes) before it is refused mid-message. */
    static final int MAX_DISCARDED = 1 << 20;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final long NOT_DISCARDING = -1;

    private final int maxBytes;
    private StringBuilder text;
    private int textBytes;
    private ByteBuffer binary = EMPTY;
    private long discarded = NOT_DISCARDING;

    MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Thrown (and caught by the endpoint) when a message grows past the limit. */
    static final class TooBig extends Exception {
        TooBig() {
            super(null, null, false, false);
        }
    }

    /** @return the whole message once {@code last} arrives, else null */
    String text(String fragment, boolean last) throws TooBig {
        if (discarded != NOT_DISCARDING) {
            return discard(fragment.length(), last);
        }
        if (last && text == null) {
            // A char is 1 to 3 UTF-8 bytes (a surrogate pair 4 for 2), so most frames need no count.
            if (fragment.length() > maxBytes || (fragment.length() * 3L > maxBytes && utf8Length(fragment) > maxBytes)) {
                throw new TooBig();
            }
            return fragment;
        }
        textBytes += utf8Length(fragment);
        if (textBytes > maxBytes) {
            reset();
            return discard(0, last);
        }
        if (text == null) {
            text = new StringBuilder();
        }
        text.append(fragment);
        if (!last) {
            return null;
        }
        String message = text.toString();
        reset();
        return message;
    }

    /** @return the whole message once {@code last} arrives, else null */
    ByteBuffer binary(ByteBuffer fragment, boolean last) throws TooBig {
        if (discarded != NOT_DISCARDING) {
            return discard(fragment.remaining(), last);
        }
        if (last && binary.position() == 0) {
            if (fragment.remaining() > maxBytes) {
                throw new TooBig();
            }
            return fragment;
        }
        if (binary.position() + fragment.remaining() > maxBytes) {
            reset();
            return discard(0, last);
        }
        if (binary.remaining() < fragment.remaining()) {
            ByteBuffer grown = ByteBuffer.allocate(Math.min(maxBytes, Math.max(binary.capacity() * 2,
                    binary.position() + fragment.remaining())));
            grown.put(binary.array(), 0, binary.position()); // never flips the shared EMPTY
            binary = grown;
        }
        binary.put(fragment);
        if (!last) {
            return null;
        }
        ByteBuffer message = ByteBuffer.wrap(binary.array(), 0, binary.position()).slice();
        binary = EMPTY;
        return message;
    }

    /** Drops a fragment of an oversize message; refuses the message at its end, or once too much has come. */
    private <T> T discard(int length, boolean last) throws TooBig {
        discarded = discarded == NOT_DISCARDING ? 0 : discarded + length;
        if (last || discarded > MAX_DISCARDED) {
            discarded = NOT_DISCARDING;
            throw new TooBig();
        }
        return null;
    }

    private void reset() {
        text = null;
        textBytes = 0;
        binary = EMPTY;
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}

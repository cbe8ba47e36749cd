package dev.rendezvous.turn;

import dev.rendezvous.stun.AttributeType;
import dev.rendezvous.stun.StunReader;

import java.util.Arrays;

/** What answering a request later takes: its method and transaction id, and how the answer is signed. */
record DeferredResponse(int method, byte[] transactionId, byte[] key, boolean sha256, boolean fingerprint) {

    static DeferredResponse of(StunReader request, byte[] key, boolean sha256) {
        int offset = request.transactionIdOffset();
        return new DeferredResponse(request.method(),
                Arrays.copyOfRange(request.buffer(), offset, offset + StunReader.TRANSACTION_ID_LENGTH), key, sha256,
                request.has(AttributeType.FINGERPRINT));
    }
}

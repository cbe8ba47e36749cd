package dev.rendezvous.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveredOffersTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String ROOM = "a".repeat(40);

    private static String offer(String target, String offerer, String offerId) {
        return ROOM + target + "{\"action\":\"announce\",\"info_hash\":\"x\",\"peer_id\":\"" + offerer
                + "\",\"offer_id\":\"" + offerId + "\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}";
    }

    private static String target(int n) {
        return String.format("%040x", n);
    }

    @Test
    void aSecondCopyOfAnOfferToTheSameTargetIsDroppedWithinTheWindow() {
        DeliveredOffers offers = new DeliveredOffers(2 * SECOND, 1 << 10, 0);
        assertTrue(offers.first(offer(target(1), "peer-one", "o-1"), 80, 0));
        assertFalse(offers.first(offer(target(1), "peer-one", "o-1"), 80, SECOND));
        assertFalse(offers.first(offer(target(1), "peer-one", "o-1"), 80, 3 * SECOND),
                "kept for at least the window: it moved to the older generation");
        assertTrue(offers.first(offer(target(2), "peer-one", "o-1"), 80, SECOND), "another target");
        assertTrue(offers.first(offer(target(1), "peer-one", "o-2"), 80, SECOND), "another offer_id");
        assertTrue(offers.first(offer(target(1), "peer-two", "o-1"), 80, SECOND), "another offerer");
        assertTrue(offers.first(offer(target(1), "peer-one", "o-\\\",\\\"offer\\\":1"), 80, SECOND),
                "an offer_id holding the text that ends the key, escaped");
        assertFalse(offers.first(offer(target(1), "peer-one", "o-\\\",\\\"offer\\\":1"), 80, SECOND));
    }

    @Test
    void itForgetsAfterTwoWindowsAndAnswersAreNeverHeldBack() {
        DeliveredOffers offers = new DeliveredOffers(2 * SECOND, 1 << 10, 0);
        assertTrue(offers.first(offer(target(1), "peer-one", "o-1"), 80, 0));
        assertTrue(offers.first(offer(target(1), "peer-one", "o-1"), 80, 5 * SECOND));
        String answer = ROOM + target(1) + "{\"action\":\"announce\",\"peer_id\":\"p\",\"offer_id\":\"o\",\"answer\":{}}";
        assertTrue(offers.first(answer, 80, 0));
        assertTrue(offers.first(answer, 80, 0));
    }

    @Test
    void memoryIsBoundedUnderAFloodAndTheLatestOffersAreStillCaught() {
        DeliveredOffers offers = new DeliveredOffers(2 * SECOND, 1 << 10, 0);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(offers.first(offer(target(i), "peer-one", "o-" + i), 80, 0), "offer " + i);
            if (i > 0) {
                assertFalse(offers.first(offer(target(i - 1), "peer-one", "o-" + (i - 1)), 80, 0), "offer " + (i - 1));
            }
        }
    }
}

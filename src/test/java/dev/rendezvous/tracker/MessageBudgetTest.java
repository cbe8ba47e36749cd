package dev.rendezvous.tracker;

import org.junit.jupiter.api.Test;

import static dev.rendezvous.tracker.MessageBudget.Verdict.CLOSE;
import static dev.rendezvous.tracker.MessageBudget.Verdict.PASS;
import static dev.rendezvous.tracker.MessageBudget.Verdict.REFUSE;
import static dev.rendezvous.tracker.MessageBudget.Verdict.REFUSE_AND_TELL;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageBudgetTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenTheClientIsToldOnceThenClosedIfItGoesOn() {
        MessageBudget budget = new MessageBudget();
        for (int i = 0; i < 10; i++) {
            assertEquals(PASS, budget.take(SECOND, 5, 10), "frame " + i);
        }
        assertEquals(REFUSE_AND_TELL, budget.take(SECOND, 5, 10));
        for (int i = 0; i < 8; i++) {
            assertEquals(REFUSE, budget.take(SECOND, 5, 10));
        }
        assertEquals(CLOSE, budget.take(SECOND, 5, 10));
        assertEquals(REFUSE, budget.take(SECOND * 60, 5, 10), "closed once, not again");
    }

    @Test
    void aClientWithinItsRateIsNeverRefused() {
        MessageBudget budget = new MessageBudget();
        long now = SECOND;
        for (int i = 0; i < 10_000; i++) {
            now += SECOND / 5; // 5 a second, the rate
            assertEquals(PASS, budget.take(now, 5, 1));
        }
    }

    @Test
    void refusedFramesDrawOnTheBucketSoAFlooderAtTwiceTheRateIsClosed() {
        MessageBudget budget = new MessageBudget();
        long now = SECOND;
        MessageBudget.Verdict last = PASS;
        int frames = 0;
        while (last != CLOSE && frames < 1000) {
            now += SECOND / 10; // 10 a second against a rate of 5
            last = budget.take(now, 5, 10);
            frames++;
        }
        assertEquals(CLOSE, last);
        assertEquals(40, frames, 10);
    }
}

package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadBudgetTest {

    @Test
    void oneDatagramPerRoundUntilTheSocketIsReadyInConsecutiveRounds() {
        ReadBudget budget = new ReadBudget();
        assertEquals(1, budget.next(10), "first ready: one");
        assertEquals(64, budget.next(11), "ready again in the next round: a backlog, drained");
        assertEquals(64, budget.next(12));
        assertEquals(1, budget.next(14), "a round without it in between: one again");
        assertEquals(1, budget.next(14 + 5));
    }
}

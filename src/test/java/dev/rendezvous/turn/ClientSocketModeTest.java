package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSocketModeTest {
    private static final int ASKED = 4 * 1024 * 1024;
    private static final int GRANTED_IN_FULL = ASKED;
    private static final int CAPPED = 212_992; // Linux's default net.core.rmem_max, as the JDK reports it

    @Test
    void autoGivesClientsSocketsOfTheirOwnOnlyWhereTheKernelCapsTheListenersBuffer() {
        assertFalse(ClientSocketMode.AUTO.opensClientSockets(GRANTED_IN_FULL, ASKED, true));
        assertFalse(ClientSocketMode.AUTO.opensClientSockets(2 * ASKED, ASKED, true), "granted more (another platform)");
        assertTrue(ClientSocketMode.AUTO.opensClientSockets(CAPPED, ASKED, true));
    }

    @Test
    void theSettingDecidesWhereThePlatformHasThem() {
        assertTrue(ClientSocketMode.ALWAYS.opensClientSockets(GRANTED_IN_FULL, ASKED, true));
        assertFalse(ClientSocketMode.NEVER.opensClientSockets(CAPPED, ASKED, true));
        for (ClientSocketMode mode : ClientSocketMode.values()) {
            assertFalse(mode.opensClientSockets(CAPPED, ASKED, false), mode + " where the platform has none");
        }
    }

    @Test
    void settingValuesNameTheModes() {
        assertEquals(ClientSocketMode.AUTO, ClientSocketMode.of("auto"));
        assertEquals(ClientSocketMode.ALWAYS, ClientSocketMode.of("true"));
        assertEquals(ClientSocketMode.NEVER, ClientSocketMode.of("false"));
        assertThrows(IllegalArgumentException.class, () -> ClientSocketMode.of("sometimes"));
    }
}

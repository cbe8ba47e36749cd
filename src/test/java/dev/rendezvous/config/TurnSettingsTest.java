package dev.rendezvous.config;

import dev.rendezvous.turn.ClientSocketMode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnSettingsTest {

    private static TurnSettings read(Map<String, String> values) {
        return TurnSettings.read(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void clientSocketsAreAutoUnlessSet() {
        assertEquals(ClientSocketMode.AUTO, read(Map.of()).udpClientSockets());
        assertEquals(ClientSocketMode.ALWAYS, read(Map.of("rendezvous.turn.udp-client-sockets", "true")).udpClientSockets());
        assertEquals(ClientSocketMode.NEVER, read(Map.of("rendezvous.turn.udp-client-sockets", " FALSE ")).udpClientSockets());
        InvalidConfigurationException wrong = assertThrows(InvalidConfigurationException.class,
                () -> read(Map.of("rendezvous.turn.udp-client-sockets", "sometimes")));
        assertTrue(wrong.getMessage().contains("rendezvous.turn.udp-client-sockets"), wrong.getMessage());
    }

    @Test
    void theListenerIsReadNativelyUnlessToldNot() {
        assertTrue(read(Map.of()).udpNativeReceive());
        assertEquals(false, read(Map.of("rendezvous.turn.udp-native-receive", "false")).udpNativeReceive());
        InvalidConfigurationException wrong = assertThrows(InvalidConfigurationException.class,
                () -> read(Map.of("rendezvous.turn.udp-native-receive", "maybe")));
        assertTrue(wrong.getMessage().contains("rendezvous.turn.udp-native-receive"), wrong.getMessage());
    }
}

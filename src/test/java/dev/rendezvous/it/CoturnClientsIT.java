package dev.rendezvous.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian coturn's test clients, which nobody here wrote, against Rendezvous' TURN server over UDP, TCP and TLS on
 * loopback:
 * every message sent must come back, none lost.
 */
class CoturnClientsIT {
    private static final String SERVER_PORT = String.valueOf(TurnClient.SERVER.getPort());
    private static final Pattern TOTALS = Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)\\s*$", Pattern.MULTILINE);
    private static final String CHANNEL_COLLISION = "channel bind: error 400 (Channel Number Bound to Another Peer)";
    private static Process peer;
    private static int peerPort;

    @BeforeAll
    static void startEchoPeer() throws Exception {
        peerPort = FreePorts.next();
        peer = new ProcessBuilder("turnutils_peer", "-L", "127.0.0.1", "-p", String.valueOf(peerPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(300);
        assertTrue(peer.isAlive(), "turnutils_peer did not start (is Debian coturn installed?)");
    }

    @AfterAll
    static void stopEchoPeer() {
        if (peer != null) {
            peer.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "turnutils_uclient {1}")
    @CsvSource(delimiter = '|', value = {
            "uc1|-c|channels",
            "uc2||EVEN-PORT pairs with RESERVATION-TOKEN (RTP and RTCP)",
            "uc3|-c -s|Send and Data indications",
            "uc4|-c -y|client to client",
            "uc5|-y|client to client with port pairs",
            "ut1|-t -c|TCP, channels",
            "ut2|-t|TCP, port pairs",
            "ut3|-t -c -s|TCP, Send and Data indications",
            "ut4|-t -c -y|TCP, client to client",
            "ut5|-t -y|TCP, client to client with port pairs",
            "us1|-t -S -c|TLS, channels",
            "us2|-t -S|TLS, port pairs",
            "us3|-t -S -c -y|TLS, client to client",
            "ur1|-T -y|RFC 6062 TCP relays, client to client (Connect, ConnectionAttempt, ConnectionBind)",
            "ur2|-T -S -y|RFC 6062 TCP relays over TLS"})
    void everyMessageComesBack(String user, String flags, String what) throws Exception {
        List<String> args = new ArrayList<>(List.of("-u", user, "-w", "uc-pw"));
        if (flags != null && flags.contains("-S")) {
            args.addAll(List.of("-p", String.valueOf(Integer.getInteger("it.turn.tls.port"))));
        }
        if (flags != null) {
            args.addAll(Arrays.asList(flags.split(" ")));
        }
        assertAllReceived(what, uclient(args));
    }

    @Test
    void trackerGatedRestCredentialsMintedByTheClient() throws Exception {
        String peerId = Frames.id("coturn");
        String hex = java.util.HexFormat.of().formatHex(peerId.getBytes(StandardCharsets.ISO_8859_1));
        try (WsClient tracker = WsClient.connect()) {
            tracker.send(Frames.announce(Frames.id("gate"), peerId, "")).next();
            assertAllReceived("REST credentials", uclient(List.of("-c", "-u", hex, "-W", "it-secret-new")));
        }
    }

    @Test
    void stunClientReadsItsReflexiveAddress() throws Exception {
        Process process = new ProcessBuilder("turnutils_stunclient", "-p", SERVER_PORT, "127.0.0.1")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.matches("(?s).*UDP reflexive addr: 127\\.0\\.0\\.1:\\d+.*"), output);
    }

    /**
     * RFC 6062 relays with coturn's client against a server configured the way an operator would: one static
     * user, a REST secret beside it, a realm of its own, an allowed-peers block instead of the loopback switch,
     * and the default limit on failed authentications. (Nonces bound to the client's port once made every
     * ConnectionBind on its new data connection fail here, while the main server's configuration hid it.)
     */
    @Nested
    class OperatorConfiguration {
        private static LibertyServer operator;
        private static int turnPort;
        private static int tlsPort;

        @BeforeAll
        static void start() throws Exception {
            turnPort = FreePorts.next();
            tlsPort = FreePorts.next();
            operator = LibertyServer.named("rendezvousOperatorIT")
                    .env("RENDEZVOUS_TURN_USERS", "bars:bars-pass")
                    .env("RENDEZVOUS_TURN_SECRETS", "bars-secret")
                    .env("RENDEZVOUS_TURN_REALM", "bars.local")
                    .env("RENDEZVOUS_TURN_ALLOWED_PEERS", "127.0.0.1/32")
                    .env("RENDEZVOUS_TURN_LISTEN_ADDRESS", "127.0.0.1")
                    .env("RENDEZVOUS_TURN_PORT", turnPort)
                    .env("RENDEZVOUS_TURN_TLS_PORT", tlsPort)
                    .build().start().awaitReady(Duration.ofSeconds(120));
        }

        @AfterAll
        static void stop() {
            if (operator != null) {
                operator.close();
            }
        }

        @ParameterizedTest(name = "turnutils_uclient {0}")
        @CsvSource({"-T -y", "-T -c -y", "-T -y -L 127.0.0.1", "-T -S -y", "-T -S -c -y"})
        void rfc6062RelaysWork(String flags) throws Exception {
            List<String> args = new ArrayList<>(Arrays.asList(flags.split(" ")));
            args.addAll(List.of("-u", "bars", "-w", "bars-pass", "-n", "5", "-l", "120", "-z", "5",
                    "-p", String.valueOf(flags.contains("-S") ? tlsPort : turnPort)));
            assertAllReceived(flags, run(args));
        }
    }

    private static String uclient(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-e", "127.0.0.1", "-r", String.valueOf(peerPort),
                "-n", "200", "-l", "170", "-m", "2", "-z", "5"));
        if (!flags.contains("-p")) {
            command.addAll(List.of("-p", SERVER_PORT));
        }
        command.addAll(flags);
        return run(command);
    }

    /**
     * Runs turnutils_uclient, once more if its own channel numbers collided. Without {@code -y} each client binds two
     * peers on one allocation, each to a number drawn at random, so about 1 client in 16,384 asks for the number it
     * already holds for the other peer, which a server must refuse (coturn does too). Only that refusal, which
     * Rendezvous names, is retried.
     */
    private static String run(List<String> args) throws IOException, InterruptedException {
        String output = runOnce(args);
        return output.contains(CHANNEL_COLLISION) ? runOnce(args) : output;
    }

    private static String runOnce(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("turnutils_uclient"));
        command.addAll(args);
        command.add("127.0.0.1");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "uclient timed out");
        if (output.contains(CHANNEL_COLLISION)) {
            return output;
        }
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static void assertAllReceived(String what, String output) {
        Matcher totals = TOTALS.matcher(output);
        String last = null;
        while (totals.find()) {
            last = totals.group(0);
            assertEquals(totals.group(1), totals.group(2), what + ": sent vs received\n" + output);
        }
        assertTrue(last != null && !last.startsWith("tot_send_msgs=0,"), what + ": no totals\n" + output);
        assertTrue(output.contains("Total lost packets 0 ("), what + "\n" + output);
    }
}

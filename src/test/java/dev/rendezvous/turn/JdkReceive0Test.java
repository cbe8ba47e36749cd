package dev.rendezvous.turn;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On Java 17 to 21 the UDP listener's socket is read with the JDK's own native read ({@link JdkReceive0}); the
 * listener's tests ({@link UdpListenerWithoutClientSocketsTest}) relay through it in this build's JVM. Here: that
 * the start-up line names it, and that without {@code --add-opens} the listener says what is missing.
 */
class JdkReceive0Test {

    @Test
    void onJava17To21ItsStartUpLineNamesTheJdksOwnRead() throws Exception {
        assumeTrue(Runtime.version().feature() < 22, "Java 22 and later read through the FFM API");
        assumeTrue(DatagramChannels.onLinux(), "the native read is Linux's");
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains(NativeReceive.OPENS),
                "this JVM was started without " + NativeReceive.OPENS);
        try (RunningUdpListener running = new RunningUdpListener(ClientSocketMode.NEVER, 4, 56000, 56099)) {
            String line = running.listener.howClientsAreRead();
            assertTrue(line.contains("read with the JDK's own recvfrom (DatagramChannelImpl.receive0), which allocates "
                    + "nothing per datagram."), line);
        }
    }

    @Test
    void withoutTheOpenedPackageItSaysWhatIsMissingAndReadsWithTheJdksReceive() throws Exception {
        assumeTrue(DatagramChannels.onLinux(), "the native read is Linux's");
        OnThisJvm.Run run = OnThisJvm.in(Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), "line");
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("read with the JDK's receive") && run.output().contains(NativeReceive.OPENS),
                run.output());
    }
}

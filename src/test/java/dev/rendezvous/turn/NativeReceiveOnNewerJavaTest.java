package dev.rendezvous.turn;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The UDP listener's socket is read natively ({@link NativeReceive}) with the FFM API on Java 22 or later
 * ({@link ForeignRecvfrom}), while the build and the other tests run on the JDK that runs Maven. So these tests start
 * a JVM of Java 22 or later: the one named by {@code RENDEZVOUS_TEST_JDK}, else the newest under /usr/lib/jvm (this
 * project's machines have Temurin's there); without one they are skipped. In that JVM, with the options that
 * {@code liberty:run} writes, the listener's tests run again, reading with recvfrom through the FFM API, and one of
 * them checks that a relayed packet allocates nothing; without {@code --add-opens} the listener says what is missing
 * and reads with the JDK's receive.
 */
class NativeReceiveOnNewerJavaTest {
    private static final String ACCESS = "--enable-native-access=ALL-UNNAMED";
    private static Path java;

    @BeforeAll
    static void findANewerJava() throws IOException {
        Optional<Path> found = newerJava();
        assumeTrue(found.isPresent(), "no JDK of Java 22 or later (RENDEZVOUS_TEST_JDK, /usr/lib/jvm)");
        java = found.get();
    }

    @Test
    void theListenersTestsPassReadingNatively() throws Exception {
        OnThisJvm.Run run = run(List.of(NativeReceive.OPENS, ACCESS, "-Djava.lang.Integer.IntegerCache.high=65535"), "tests",
                UdpListenerWithoutClientSocketsTest.class.getName());
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().matches("(?s).*\\b0 tests skipped.*"), "none skipped: the native one ran\n" + run.output());
        assertTrue(run.output().matches("(?s).*\\b0 tests failed.*"), run.output());
    }

    @Test
    void itsStartUpLineSaysItReadsNativelyAndWithoutTheFfmWarning() throws Exception {
        OnThisJvm.Run run = run(List.of(NativeReceive.OPENS, ACCESS), "line");
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("read with recvfrom through the FFM API"), run.output());
        assertFalse(run.output().contains("WARNING"), run.output());
    }

    @Test
    void withoutTheOpenedPackageItSaysWhatIsMissingAndReadsWithTheJdksReceive() throws Exception {
        OnThisJvm.Run run = run(List.of(ACCESS), "line");
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("read with the JDK's receive") && run.output().contains(NativeReceive.OPENS), run.output());
    }

    private static OnThisJvm.Run run(List<String> options, String... arguments) throws Exception {
        return OnThisJvm.in(java, options, arguments);
    }

    /** The java of RENDEZVOUS_TEST_JDK, else of the newest JDK under /usr/lib/jvm, when it is Java 22 or later. */
    private static Optional<Path> newerJava() throws IOException {
        String named = System.getenv("RENDEZVOUS_TEST_JDK");
        Path jvms = Path.of("/usr/lib/jvm");
        List<Path> homes = new ArrayList<>();
        if (named != null && !named.isBlank()) {
            homes.add(Path.of(named));
        } else if (Files.isDirectory(jvms)) {
            try (Stream<Path> listed = Files.list(jvms)) {
                listed.forEach(homes::add);
            }
        }
        return homes.stream().filter(home -> Files.isExecutable(home.resolve("bin/java")) && feature(home) >= 22)
                .max(Comparator.comparingInt(NativeReceiveOnNewerJavaTest::feature))
                .map(home -> home.resolve("bin/java"));
    }

    /** The Java version a JDK's release file names ("25.0.3": 25), or 0. */
    private static int feature(Path home) {
        try {
            Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

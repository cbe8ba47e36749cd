package dev.rendezvous.turn;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What the native read's tests run in a JVM of their choosing (another Java version, other options): {@code line}
 * prints a UDP listener's start-up line; {@code tests CLASS...} runs those test classes and prints their summary (exit
 * status 1 when one failed). {@link #in} starts it.
 */
public final class OnThisJvm {
    private OnThisJvm() {
    }

    /** How a run ended: its exit status and its output (standard output and error). */
    record Run(int status, String output) {
    }

    /** Runs this class with {@code arguments} on {@code java} with {@code options} and this JVM's class path. */
    static Run in(Path java, List<String> options, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OnThisJvm.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "OnThisJvm finished");
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("line")) {
            try (RunningUdpListener running = new RunningUdpListener(ClientSocketMode.NEVER, 4, 56000, 56099)) {
                System.out.println(running.listener.howClientsAreRead());
            }
            return;
        }
        if (args.length < 2 || !args[0].equals("tests")) {
            throw new IllegalArgumentException("usage: line | tests CLASS...");
        }
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : Arrays.copyOfRange(args, 1, args.length)) {
            request.selectors(selectClass(Class.forName(name)));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(discovery, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printTo(new PrintWriter(System.out));
        summary.printFailuresTo(new PrintWriter(System.out), 20);
        System.out.flush();
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsFoundCount() > 0 ? 0 : 1);
    }
}

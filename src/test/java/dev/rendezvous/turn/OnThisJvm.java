package dev.rendezvous.turn;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.util.Arrays;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What {@link NativeReceiveOnNewerJavaTest} runs in a JVM of another Java version: {@code line} prints a UDP
 * listener's start-up line; {@code tests CLASS...} runs those test classes and prints their summary (exit status 1
 * when one failed).
 */
public final class OnThisJvm {
    private OnThisJvm() {
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

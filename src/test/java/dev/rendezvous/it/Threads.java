package dev.rendezvous.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server's threads, from {@code jcmd <pid> Thread.print}. */
final class Threads {
    private Threads() {
    }

    /**
     * The threads that are blocked or waiting with Rendezvous' code on their stack in two dumps {@code apart}, with
     * the same stack: such a thread is stuck in our code (none should ever wait there; waits belong to the container's
     * pools and the Redis client).
     */
    static List<String> stuckInOurCode(long pid, Duration apart) throws IOException, InterruptedException {
        Map<String, String> first = waitingInOurCode(dump(pid));
        Thread.sleep(apart.toMillis());
        Map<String, String> second = waitingInOurCode(dump(pid));
        List<String> stuck = new ArrayList<>();
        first.forEach((name, stack) -> {
            if (stack.equals(second.get(name))) {
                stuck.add(stack);
            }
        });
        return stuck;
    }

    private static Map<String, String> waitingInOurCode(String dump) {
        Map<String, String> threads = new HashMap<>();
        for (String block : dump.split("\n\n")) {
            if (!block.startsWith("\"")) {
                continue;
            }
            boolean waiting = block.contains("java.lang.Thread.State: BLOCKED") || block.contains("java.lang.Thread.State: WAITING")
                    || block.contains("java.lang.Thread.State: TIMED_WAITING");
            if (waiting && block.contains("at dev.rendezvous.")) {
                String name = block.substring(0, block.indexOf('"', 1) + 1);
                String stack = block.substring(block.indexOf('\n') + 1);
                threads.put(name, name + "\n" + stack);
            }
        }
        return threads;
    }

    static String dump(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "Thread.print").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0 || !output.contains("Full thread dump")) {
            throw new IllegalStateException("jcmd Thread.print failed: " + output);
        }
        return output;
    }
}

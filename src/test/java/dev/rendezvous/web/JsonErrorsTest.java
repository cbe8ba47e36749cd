package dev.rendezvous.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonErrorsTest {

    private static RuntimeException thrownAt(String... classes) {
        RuntimeException e = new RuntimeException("x");
        StackTraceElement[] stack = new StackTraceElement[classes.length];
        for (int i = 0; i < classes.length; i++) {
            stack[i] = new StackTraceElement(classes[i], "m", null, -1);
        }
        e.setStackTrace(stack);
        return e;
    }

    @Test
    void aFailureInsideRendezvousCodeIsOursAndOneOfTheRuntimeAloneIsNot() {
        assertTrue(JsonErrors.thrownByOurCode(thrownAt("dev.rendezvous.ice.IceServersResource",
                "org.jboss.resteasy.core.ResourceMethodInvoker", "dev.rendezvous.web.SecurityHeadersFilter")));
        assertTrue(JsonErrors.thrownByOurCode(new IllegalStateException("wrapped",
                thrownAt("io.lettuce.core.RedisClient", "dev.rendezvous.cluster.RedisEngine"))));
        assertFalse(JsonErrors.thrownByOurCode(thrownAt("org.jboss.resteasy.spi.LoggableFailure",
                "org.jboss.resteasy.core.SynchronousDispatcher", "dev.rendezvous.web.SecurityHeadersFilter")));
    }
}

package dev.rendezvous.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * On Liberty: the security headers on every page and answer, and quiet errors (docs/security.md). Payara and
 * WildFly run the same checks in their smoke tests ({@link SmokeChecks}).
 */
class SecurityHeadersIT {

    @Test
    void everyPageAndAnswerOfTheApplicationCarriesTheSecurityHeaders() {
        SmokeChecks.pagesAndAnswersCarryTheSecurityHeaders(Server.HTTP);
    }

    @Test
    void libertysOwnEndpointsBesideTheApplicationGetTheSameRulesFromServerXml() {
        for (String path : List.of("/health", "/health/ready", "/metrics", "/health/no-such")) {
            HttpResponse<String> response = Server.get(path);
            assertEquals(List.of("nosniff"), response.headers().allValues("X-Content-Type-Options"), path);
            assertEquals(List.of("no-referrer"), response.headers().allValues("Referrer-Policy"), path);
            assertEquals(List.of("default-src 'none'; frame-ancestors 'none'"),
                    response.headers().allValues("Content-Security-Policy"), path);
            SmokeChecks.namesNoServer(path, response);
        }
    }

    @Test
    void errorsNameNoClassNoMessageIdAndNoServer() {
        SmokeChecks.errorsAreQuiet(Server.HTTP);
        // The issue's own example, word for word, is gone.
        HttpResponse<String> missing = Server.get("/nonexistent");
        assertEquals("404 Not Found\n", missing.body());
        assertFalse(missing.headers().firstValue("$WSEP").isPresent());
    }
}

package dev.rendezvous.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityHeadersFilterTest {

    @Test
    void adminAndCredentialAnswersAreNeverStoredAndPagesMayBe() {
        for (String path : new String[]{"/admin", "/admin/", "/admin/rooms/ab", "/ice-servers", "/ice-servers/x"}) {
            assertTrue(SecurityHeadersFilter.neverStored(path), path);
        }
        for (String path : new String[]{"/", "/index.html", "/admin.html", "/administrator", "/ice-servers.js", "/assets/x.js"}) {
            assertFalse(SecurityHeadersFilter.neverStored(path), path);
        }
    }
}

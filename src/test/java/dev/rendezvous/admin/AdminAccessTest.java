package dev.rendezvous.admin;

import dev.rendezvous.auth.SourceLimiter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AdminAccessTest {
    private static final long MINUTE = 60_000_000_000L;

    private static AdminAccess access() {
        return new AdminAccess(List.of("current-token-0123456789", "next-token-abcdefghijkl"), new SourceLimiter(3, MINUTE, 100));
    }

    @Test
    void eitherConfiguredTokenOpensAndAnythingElseIsDenied() {
        AdminAccess access = access();
        assertEquals(AdminAccess.Outcome.ALLOWED, access.check("Bearer current-token-0123456789", "a", 0));
        assertEquals(AdminAccess.Outcome.ALLOWED, access.check("bearer next-token-abcdefghijkl", "a", 0));
        assertEquals(AdminAccess.Outcome.DENIED, access.check("Bearer current-token-012345678", "b", 0));
        assertEquals(AdminAccess.Outcome.DENIED, access.check("Basic current-token-0123456789", "c", 0));
        assertEquals(AdminAccess.Outcome.DENIED, access.check(null, "d", 0));
        assertEquals(AdminAccess.Outcome.DENIED, access.check("Bearer ", "e", 0));
    }

    @Test
    void anAddressPastItsFailuresIsLimitedEvenWithTheRightTokenAndOthersAreNot() {
        AdminAccess access = access();
        for (int i = 0; i < 3; i++) {
            assertEquals(AdminAccess.Outcome.DENIED, access.check("Bearer wrong", "flooder", i));
        }
        assertEquals(AdminAccess.Outcome.LIMITED, access.check("Bearer current-token-0123456789", "flooder", 10));
        assertEquals(AdminAccess.Outcome.ALLOWED, access.check("Bearer current-token-0123456789", "other", 10));
        assertEquals(AdminAccess.Outcome.ALLOWED, access.check("Bearer current-token-0123456789", "flooder", MINUTE + 10),
                "a minute later");
    }

    @Test
    void aTokenRemovedFromTheLiveListIsRevokedAtOnce() {
        java.util.concurrent.atomic.AtomicReference<List<String>> tokens =
                new java.util.concurrent.atomic.AtomicReference<>(List.of("token-a-0123456789", "token-b-0123456789"));
        AdminAccess access = new AdminAccess(true, tokens::get, new SourceLimiter(100, MINUTE, 100));
        assertEquals(AdminAccess.Outcome.ALLOWED, access.check("Bearer token-b-0123456789", "a", 0));
        tokens.set(List.of("token-a-0123456789"));
        assertEquals(AdminAccess.Outcome.DENIED, access.check("Bearer token-b-0123456789", "a", 1));
        assertEquals(AdminAccess.Outcome.ALLOWED, access.check("Bearer token-a-0123456789", "a", 2));
    }

    @Test
    void whenAdminIsOffEvenALiveTokenOpensNothing() {
        AdminAccess access = new AdminAccess(false, () -> List.of("token-a-0123456789"), new SourceLimiter(100, MINUTE, 100));
        assertFalse(access.enabled());
        assertEquals(AdminAccess.Outcome.DENIED, access.check("Bearer token-a-0123456789", "a", 0));
    }

    @Test
    void withoutTokensAdminIsOff() {
        assertFalse(new AdminAccess(List.of(), new SourceLimiter(3, MINUTE, 100)).enabled());
    }

    @Test
    void openApiPathsMoveUnderAdminAndPropertiesBecomeSnakeCase() {
        assertEquals("/admin/rooms/{info_hash}", AdminOpenApi.adminPath("/ice-servers/rooms/{info_hash}"));
        assertEquals("/admin/nodes/{id}/drain", AdminOpenApi.adminPath("/nodes/{id}/drain"));
        assertEquals("/admin/reload", AdminOpenApi.adminPath("/ice-servers/reload"));
        assertEquals(null, AdminOpenApi.adminPath("/ice-servers"));
        assertEquals(null, AdminOpenApi.adminPath("/admin/rooms"));
        assertEquals("client_address", AdminOpenApi.snake("clientAddress"));
    }

    @Test
    void pagesAreBoundedAndFollowTheirCursor() { // (out of range: the 400 that AdminIT checks; here no JAX-RS to build it)
        List<Integer> list = java.util.stream.IntStream.range(0, 250).boxed().toList();
        Page<Integer> first = Paging.page(list, null, null);
        assertEquals(100, first.items().size());
        assertEquals("100", first.next());
        Page<Integer> last = Paging.page(list, "100", "200");
        assertEquals(50, last.items().size());
        assertEquals(null, last.next());
        assertEquals(250, last.total());
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Paging.page(list, "1001", null));
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Paging.page(list, "0", null));
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Paging.page(list, "10", "x"));
    }
}

package dev.rendezvous.admin;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Corrects what the OpenAPI scanner gets wrong about this application (named by {@code mp.openapi.filter}):
 * <ul>
 *   <li>with two JAX-RS applications ({@code /ice-servers} and {@code /admin}), Liberty's scanner puts every resource
 *   under the first one's path, so the admin resources' paths are moved back under {@code /admin};</li>
 *   <li>the admin API writes its JSON in snake_case ({@link AdminJson}), which the scanner does not know, so the
 *   properties of its schemas are renamed the same way.</li>
 * </ul>
 */
public class AdminOpenApi implements OASFilter {
    private static final Set<String> ADMIN_RESOURCES = Set.of("nodes", "rooms", "bans", "allocations", "events", "reload");
    private static final Set<String> ADMIN_SCHEMAS = Set.of("NodeReport", "RoomReport", "PeerReport",
            "AllocationReport", "BanReport", "ReloadReport", "ApiError", "Kicked", "AdminEvent", "Page", "PageNodeReport",
            "PageRoomReport", "PagePeerReport", "PageAllocationReport", "PageBanReport");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            Map<String, PathItem> items = new LinkedHashMap<>(openAPI.getPaths().getPathItems());
            for (Map.Entry<String, PathItem> item : items.entrySet()) {
                String path = item.getKey();
                String admin = adminPath(path);
                if (admin != null) {
                    openAPI.getPaths().removePathItem(path);
                    openAPI.getPaths().addPathItem(admin, item.getValue());
                }
            }
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            for (Map.Entry<String, Schema> schema : openAPI.getComponents().getSchemas().entrySet()) {
                if ((ADMIN_SCHEMAS.contains(schema.getKey()) || schema.getKey().startsWith("Page"))
                        && schema.getValue().getProperties() != null) {
                    Map<String, Schema> renamed = new LinkedHashMap<>();
                    schema.getValue().getProperties().forEach((name, property) -> renamed.put(snake(name), property));
                    schema.getValue().setProperties(renamed);
                }
            }
        }
    }

    /** {@code /ice-servers/rooms/...} as {@code /admin/rooms/...}; null for a path that is not the admin API's. */
    static String adminPath(String path) {
        for (String prefix : new String[]{"/ice-servers/", "/admin/", "/"}) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                String first = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                if (ADMIN_RESOURCES.contains(first)) {
                    return prefix.equals("/admin/") ? null : "/admin/" + rest;
                }
            }
        }
        return null;
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.rendezvous.tracker;

import java.util.Map;

/** The client software named by an Azureus-style peer_id prefix such as {@code -WW0300-}. */
public record PeerClient(String name, String version) {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("WW", "WebTorrent"),
            Map.entry("WD", "WebTorrent Desktop"),
            Map.entry("LT", "libtorrent (Rasterbar)"),
            Map.entry("lt", "libTorrent (Rakshasa)"),
            Map.entry("qB", "qBittorrent"),
            Map.entry("TR", "Transmission"),
            Map.entry("UT", "\u00b5Torrent"),
            Map.entry("DE", "Deluge"),
            Map.entry("BI", "BiglyBT"),
            Map.entry("AZ", "Vuze"),
            Map.entry("SD", "SpawnDev.RTC"));
    static final PeerClient UNKNOWN = new PeerClient("unknown", "unknown");

    public static PeerClient of(String peerId) {
        if (peerId.length() < 8 || peerId.charAt(0) != '-' || peerId.charAt(7) != '-') {
            return UNKNOWN;
        }
        String code = peerId.substring(1, 3);
        String digits = peerId.substring(3, 7);
        for (int i = 0; i < code.length(); i++) {
            if (!Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) > 0x7F) {
                return UNKNOWN;
            }
        }
        StringBuilder version = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c > 0x7F || !Character.isLetterOrDigit(c)) {
                return new PeerClient(NAMES.getOrDefault(code, code), "unknown");
            }
            if (i > 0) {
                version.append('.');
            }
            version.append(Character.digit(c, 36));
        }
        return new PeerClient(NAMES.getOrDefault(code, code), version.toString());
    }
}

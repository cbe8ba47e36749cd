package dev.rendezvous.auth;

import java.text.Normalizer;
import java.util.Optional;

/**
 * SASLprep (RFC 4013), the stringprep profile STUN applies to passwords before deriving the long-term key:
 * map soft hyphens and similar to nothing and non-ASCII spaces to U+0020, normalise with NFKC, refuse
 * prohibited code points, and check bidirectional text. Unassigned code points are refused ("stored strings").
 */
public final class SaslPrep {
    private SaslPrep() {
    }

    /** @return the prepared string, or empty if the input contains prohibited characters */
    public static Optional<String> prepare(String input) {
        StringBuilder mapped = new StringBuilder(input.length());
        input.codePoints().forEach(cp -> {
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean randAl = false;
        boolean l = false;
        int[] cps = normalized.codePoints().toArray();
        for (int cp : cps) {
            if (isProhibited(cp) || !Character.isDefined(cp)) {
                return Optional.empty();
            }
            byte direction = Character.getDirectionality(cp);
            randAl |= direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            l |= direction == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (randAl && (l || !isRandAl(cps[0]) || !isRandAl(cps[cps.length - 1]))) {
            return Optional.empty();
        }
        return Optional.of(normalized);
    }

    private static boolean isRandAl(int cp) {
        byte direction = Character.getDirectionality(cp);
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** RFC 4013 section 2.3: tables C.1.2, C.2.1, C.2.2, C.3 to C.9. */
    private static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                || cp <= 0x1F || cp == 0x7F                                            // C.2.1
                || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E
                || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
                || (cp >= 0xFFF9 && cp <= 0xFFFC) || (cp >= 0x1D173 && cp <= 0x1D17A)   // C.2.2
                || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000                       // C.3 (planes 15-16)
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE              // C.4
                || (cp >= 0xD800 && cp <= 0xDFFF)                                         // C.5
                || cp == 0xFFFD                                                           // C.6 (with C.2.2)
                || (cp >= 0x2FF0 && cp <= 0x2FFB)                                         // C.7
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)                                         // C.8
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);                     // C.9
    }
}

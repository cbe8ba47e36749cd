package dev.rendezvous.tracker.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QueryStringTest {

    @Test
    void everyEscapeIsOneByteWhateverItWouldMeanAsText() {
        String all = "%00%01%7F%80%c3%A9%FF";
        List<QueryString.Parameter> p = QueryString.parse("info_hash=" + all);
        assertEquals("\u0000\u0001\u007f\u0080\u00c3\u00a9\u00ff", p.get(0).value(), "bytes, not UTF-8 decoded");
    }

    @Test
    void plusIsASpaceAndUnescapedCharactersStandForThemselves() {
        List<QueryString.Parameter> p = QueryString.parse("a=x+y&b=AZaz09-._~!*'()");
        assertEquals(new QueryString.Parameter("a", "x y"), p.get(0));
        assertEquals("AZaz09-._~!*'()", p.get(1).value());
    }

    @Test
    void pairsKeepTheirOrderAndEmptyPairsAreSkipped() {
        assertEquals(List.of(new QueryString.Parameter("a", "1"), new QueryString.Parameter("flag", ""),
                        new QueryString.Parameter("b", ""), new QueryString.Parameter("a", "2=3")),
                QueryString.parse("&a=1&&flag&b=&a=2=3&"));
    }

    @Test
    void namesAreDecodedToo() {
        assertEquals("info_hash", QueryString.parse("info%5Fhash=x").get(0).name());
    }

    @Test
    void noQueryIsNoParameters() {
        assertEquals(List.of(), QueryString.parse(null));
        assertEquals(List.of(), QueryString.parse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%G0", "a=%0g", "a=%%41", "%zz=1", "a=%\u0661\u0662", "a=\u0100", "a=\u6f22"})
    void brokenEscapesAndCharactersBeyondAByteAreMalformed(String raw) {
        assertNull(QueryString.parse(raw), raw);
    }
}

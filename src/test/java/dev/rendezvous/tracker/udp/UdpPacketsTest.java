package dev.rendezvous.tracker.udp;

import dev.rendezvous.tracker.AddressPeer;
import dev.rendezvous.tracker.wire.Event;
import dev.rendezvous.tracker.wire.OutboundMessage.ScrapeFile;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class UdpPacketsTest {
    private static final String H = "info-hash-0123456789";
    private static final String P = "-LT2080-peer00000001";

    private static UdpRequest read(byte[] packet) {
        return UdpPackets.read(packet, packet.length);
    }

    private static UdpRefusal refusal(byte[] packet) {
        return assertInstanceOf(UdpRequest.Refused.class, read(packet)).reason();
    }

    @Test
    void connectIsReadWithItsTransactionId() {
        assertEquals(new UdpRequest.Connect(0xCAFE), read(Bep15.connect(0xCAFE)));
    }

    @Test
    void connectWithoutTheMagicNumberIsRefusedAsAConnect() {
        byte[] packet = Bep15.connect(7);
        packet[3] ^= 1;
        assertEquals(new UdpRequest.Refused(true, Bep15.PROTOCOL_ID ^ (1L << 32), 7, UdpRefusal.BAD_PROTOCOL_ID), read(packet));
    }

    @Test
    void announceFieldsAreReadAndEventsMapped() {
        UdpRequest.Announce announce = assertInstanceOf(UdpRequest.Announce.class,
                read(Bep15.announce(42L, 9, H, P, 1234, 2, 30, 6881)));
        assertEquals(new UdpRequest.Announce(42L, 9, H, P, 1234, Event.STARTED, 30, 6881), announce);
        assertEquals(Event.UPDATE, ((UdpRequest.Announce) read(Bep15.announce(1, 1, H, P, 0, 0, -1, 1))).event());
        assertEquals(Event.COMPLETED, ((UdpRequest.Announce) read(Bep15.announce(1, 1, H, P, 0, 1, -1, 1))).event());
        assertEquals(Event.STOPPED, ((UdpRequest.Announce) read(Bep15.announce(1, 1, H, P, 0, 3, -1, 1))).event());
        assertEquals(65535, ((UdpRequest.Announce) read(Bep15.announce(1, 1, H, P, 0, 0, -1, 65535))).port());
    }

    @Test
    void binaryIdsRoundTripEveryByte() {
        char[] hash = new char[20];
        for (int i = 0; i < 20; i++) {
            hash[i] = (char) (0xEC + i);
        }
        String infoHash = new String(hash);
        assertEquals(infoHash, ((UdpRequest.Announce) read(Bep15.announce(1, 1, infoHash, P, 0, 0, -1, 1))).infoHash());
    }

    @Test
    void announceWithBep41OptionsIsReadAndTheOptionsIgnored() {
        byte[] packet = Bep15.withUrlData(Bep15.announce(5, 6, H, P, 0, 2, 10, 6881), "/announce?passkey=x");
        assertEquals(new UdpRequest.Announce(5, 6, H, P, 0, Event.STARTED, 10, 6881), read(packet));
    }

    @Test
    void leftIsReadUnsignedSoThatUnknownIsALeecher() {
        assertEquals(Long.MAX_VALUE, ((UdpRequest.Announce) read(Bep15.announce(1, 1, H, P, -1, 0, -1, 1))).left());
        assertEquals(Long.MAX_VALUE, ((UdpRequest.Announce) read(Bep15.announce(1, 1, H, P, Long.MIN_VALUE, 0, -1, 1))).left());
        assertEquals(0, ((UdpRequest.Announce) read(Bep15.announce(1, 1, H, P, 0, 0, -1, 1))).left());
    }

    @Test
    void badAnnounceFieldsAreRefused() {
        assertEquals(UdpRefusal.INVALID_EVENT, refusal(Bep15.announce(1, 1, H, P, 0, 4, -1, 6881)));
        assertEquals(UdpRefusal.INVALID_EVENT, refusal(Bep15.announce(1, 1, H, P, 0, -1, -1, 6881)));
        assertEquals(UdpRefusal.INVALID_PORT, refusal(Bep15.announce(1, 1, H, P, 0, 0, -1, 0)));
        assertEquals(UdpRefusal.TRUNCATED, refusal(Arrays.copyOf(Bep15.announce(1, 1, H, P, 0, 0, -1, 6881), 97)));
        assertEquals(UdpRefusal.TRUNCATED, refusal(Arrays.copyOf(Bep15.announce(1, 1, H, P, 0, 0, -1, 6881), 16)));
    }

    @Test
    void unknownActionsAreRefusedAfterTheirConnectionId() {
        byte[] packet = Bep15.connect(3);
        for (int action : new int[]{3, 4, -1, Integer.MAX_VALUE}) {
            ByteBuffer.wrap(packet).putInt(8, action);
            assertEquals(new UdpRequest.Refused(false, Bep15.PROTOCOL_ID, 3, UdpRefusal.INVALID_ACTION), read(packet));
        }
    }

    @Test
    void shortAndOversizedPacketsAreDropped() {
        for (int length = 0; length < 16; length++) {
            assertEquals(new UdpRequest.Dropped(UdpDrop.TOO_SHORT), UdpPackets.read(Bep15.connect(1), length));
        }
        byte[] big = Arrays.copyOf(Bep15.scrape(1, 1, H), 1501);
        assertEquals(new UdpRequest.Dropped(UdpDrop.OVERSIZED), read(big));
    }

    @Test
    void scrapeTakesOneToSeventyFourWholeHashes() {
        String[] hashes = new String[74];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = String.format("%020d", i);
        }
        UdpRequest.Scrape full = assertInstanceOf(UdpRequest.Scrape.class, read(Bep15.scrape(8, 2, hashes)));
        assertEquals(List.of(hashes), full.infoHashes());
        assertEquals(new UdpRequest.Scrape(8, 2, List.of(H, H)), read(Bep15.scrape(8, 2, H, H)));
        assertEquals(UdpRefusal.INVALID_SCRAPE, refusal(Bep15.scrape(8, 2)));
        assertEquals(UdpRefusal.INVALID_SCRAPE, refusal(Arrays.copyOf(Bep15.scrape(8, 2, H), 35)));
        assertEquals(UdpRefusal.INVALID_SCRAPE, refusal(Arrays.copyOf(Bep15.scrape(8, 2, H), 37)));
    }

    @Test
    void errorIsCutToTheRequestLength() {
        ByteBuffer out = ByteBuffer.allocate(UdpPackets.MAX_REQUEST);
        Bep15.Answer shortOne = Bep15.Answer.of(UdpPackets.error(out, 77, "connection id expired", 16));
        assertEquals(16, shortOne.length());
        assertEquals(77, shortOne.transactionId());
        assertEquals("connecti", shortOne.error());
        Bep15.Answer whole = Bep15.Answer.of(UdpPackets.error(out, 1, "invalid event", 98));
        assertEquals("invalid event", whole.error());
        assertEquals(8 + 13, whole.length());
    }

    @Test
    void connectAnswerIsSixteenBytes() {
        Bep15.Answer answer = Bep15.Answer.of(UdpPackets.connected(ByteBuffer.allocate(1500), 5, -2L));
        assertEquals(16, answer.length());
        assertEquals(-2L, answer.connectionId());
    }

    @Test
    void announceAnswerCarriesAtMost200Ipv4Or74Ipv6PeersOfItsFamily() {
        List<AddressPeer> peers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            peers.add(new AddressPeer(P, new byte[]{10, 0, (byte) (i >> 8), (byte) i}, 1000 + i));
            byte[] v6 = new byte[16];
            v6[0] = 0x20;
            v6[15] = (byte) i;
            peers.add(new AddressPeer(P, v6, 2000 + i));
        }
        Bep15.Answer v4 = Bep15.Answer.of(UdpPackets.announced(3, 120, 7, 8, peers, false));
        assertEquals(200, v4.peerCount(6));
        assertEquals(20 + 200 * 6, v4.length());
        assertEquals(120, v4.interval());
        assertEquals(7, v4.leechers());
        assertEquals(8, v4.seeders());
        assertArrayEquals(new byte[]{10, 0, 0, 1}, v4.peerAddress(1, 6));
        assertEquals(1001, v4.peerPort(1, 6));

        Bep15.Answer v6 = Bep15.Answer.of(UdpPackets.announced(3, 120, 7, 8, peers, true));
        assertEquals(74, v6.peerCount(18));
        assertEquals(20 + 74 * 18, v6.length());
        assertEquals(2001, v6.peerPort(1, 18));
        assertEquals(0x20, v6.peerAddress(1, 18)[0]);

        Bep15.Answer none = Bep15.Answer.of(UdpPackets.announced(3, 120, 0, 0, peers.subList(0, 1), true));
        assertEquals(0, none.peerCount(18));
    }

    @Test
    void scrapeAnswerFollowsTheRequestOrderWithZerosForUnknownHashes() {
        Map<String, ScrapeFile> files = Map.of(H, new ScrapeFile(3, 4, 5L + Integer.MAX_VALUE));
        Bep15.Answer answer = Bep15.Answer.of(UdpPackets.scraped(6, List.of("unknown-hash-0000000", H, H), files));
        assertEquals(8 + 36, answer.length());
        assertArrayEquals(new int[]{0, 0, 0}, answer.scraped(0));
        assertArrayEquals(new int[]{3, Integer.MAX_VALUE, 4}, answer.scraped(1));
        assertArrayEquals(new int[]{3, Integer.MAX_VALUE, 4}, answer.scraped(2));
    }
}

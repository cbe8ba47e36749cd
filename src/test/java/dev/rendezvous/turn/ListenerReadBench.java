package dev.rendezvous.turn;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The UDP listener's read alone, for src/test/bench/turn-read.sh: {@code read jdk|native PORT SECONDS} reads a socket
 * the way the listener does (a selector round, then up to 256 datagrams) with the JDK's {@code receive} or with
 * {@link NativeReceive}, and prints the reading thread's CPU time and allocated bytes per datagram over SECONDS after
 * 5 s of warm-up; {@code send PORT RATE SECONDS} sends 100-byte datagrams at RATE a second from 50 sockets in turn.
 */
public final class ListenerReadBench {
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ListenerReadBench() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[2]);
        if (args[0].equals("read")) {
            read(args[1].equals("native"), port, Long.parseLong(args[3]));
        } else {
            send(port, Integer.parseInt(args[1]), Long.parseLong(args[3]));
        }
    }

    private static void read(boolean natively, int port, long seconds) throws Exception {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, UdpListener.BUFFER_BYTES);
        channel.bind(new InetSocketAddress("127.0.0.1", port));
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        ByteBuffer in = ByteBuffer.allocateDirect(65_535);
        NativeReceive reader = natively ? NativeReceive.on(channel, in) : null;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long start = System.nanoTime();
        long end = start + WARM_UP_NANOS + TimeUnit.SECONDS.toNanos(seconds);
        long count = 0;
        long senders = 0; // uses each sender, so that the JIT keeps its making
        long cpuAtStart = -1;
        long bytesAtStart = 0;
        long countAtStart = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            if (cpuAtStart < 0 && now - start > WARM_UP_NANOS) {
                cpuAtStart = threads.getCurrentThreadCpuTime();
                bytesAtStart = threads.getThreadAllocatedBytes(thread);
                countAtStart = count;
            }
            selector.select(100);
            selector.selectedKeys().clear();
            for (int i = 0; i < 256; i++) {
                in.clear();
                InetSocketAddress sender = reader != null ? reader.receive() : (InetSocketAddress) channel.receive(in);
                if (sender == null) {
                    break;
                }
                senders += sender.getPort();
                count++;
            }
        }
        long read = count - countAtStart;
        System.out.printf("Java %s, %s: %d datagrams, %.0f ns of CPU and %.1f bytes allocated a datagram (%d)%n",
                Runtime.version(), reader != null ? reader.how() : "the JDK's receive", read,
                (threads.getCurrentThreadCpuTime() - cpuAtStart) / (double) read,
                (threads.getThreadAllocatedBytes(thread) - bytesAtStart) / (double) read, senders % 2);
    }

    private static void send(int port, int rate, long seconds) throws Exception {
        List<DatagramChannel> senders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET);
            sender.bind(new InetSocketAddress("127.0.0.1", 0));
            senders.add(sender);
        }
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        ByteBuffer payload = ByteBuffer.allocateDirect(100);
        long start = System.nanoTime();
        long sent = 0;
        for (long elapsed = 0; elapsed < TimeUnit.SECONDS.toNanos(seconds); elapsed = System.nanoTime() - start) {
            for (long due = elapsed * rate / 1_000_000_000L; sent < due; sent++) {
                senders.get((int) (sent % senders.size())).send(payload.clear(), target);
            }
            LockSupport.parkNanos(500_000);
        }
    }
}

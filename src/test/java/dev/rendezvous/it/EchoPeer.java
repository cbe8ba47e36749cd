package dev.rendezvous.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A UDP peer on 127.0.0.1 that records what reaches it and echoes it back to the sender. */
final class EchoPeer implements AutoCloseable {
    record Received(InetSocketAddress from, byte[] data) {
    }

    private final DatagramSocket socket;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread thread;

    EchoPeer() throws SocketException {
        this(InetAddress.getLoopbackAddress());
    }

    EchoPeer(InetAddress bind) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(bind, 0));
        thread = new Thread(this::run, "echo-peer");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    Received next() throws InterruptedException {
        return received.poll(2, TimeUnit.SECONDS);
    }

    private void run() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
                byte[] data = Arrays.copyOf(buf, packet.getLength());
                received.add(new Received((InetSocketAddress) packet.getSocketAddress(), data));
                socket.send(new DatagramPacket(data, data.length, packet.getSocketAddress()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

package dev.rendezvous.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds the {@code byte[]}s of a heap dump ({@code jcmd PID GC.heap_dump -all=false FILE}, HPROF): for every
 * class whose instances (or object arrays) point at byte arrays, how many and how many bytes, grouped by array
 * length. A class histogram says how much {@code byte[]} a socket costs; this says whose it is. Prints the top
 * rows, divided by {@code --per} (e.g. the number of idle sockets in the dump).
 *
 * <pre>java -cp target/test-classes dev.rendezvous.bench.HeapArrays heap.hprof 10000</pre>
 * With a third argument, a class name prefix, it lists those classes' instances and shallow bytes per {@code per}
 * (e.g. {@code dev.rendezvous}); with a class name and an array length (or -1 for every instance, -N for direct
 * buffers of capacity N) and a depth, the chains of holders above them.
 */
public final class HeapArrays {
    private int idSize;
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> classNames = new HashMap<>();
    private final Map<Long, Long> superOf = new HashMap<>();
    private final Map<Long, byte[]> fieldTypes = new HashMap<>(); // per class: its own instance fields' types
    private final Map<Long, long[]> fieldNames = new HashMap<>(); // per class: their name string ids
    private final Map<Long, Integer> capacities = new HashMap<>(); // direct buffers: id -> capacity
    private final Map<Long, long[]> shallow = new HashMap<>(); // class id -> {instances, bytes (12-byte header, 8-aligned)}
    private final Map<Long, Integer> byteArrays = new HashMap<>(); // id -> length
    private final List<long[]> references = new ArrayList<>(); // {holder class id, target id, holder id}
    private final Map<Long, Long> instanceClass = new HashMap<>();

    public static void main(String[] args) throws IOException {
        HeapArrays heap = new HeapArrays();
        heap.read(args[0]);
        int per = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (args.length == 3) { // the instances of the classes whose names start with args[2], e.g. dev.rendezvous
            heap.shallow.forEach((c, sum) -> {
                String name = heap.classNames.getOrDefault(c, "?");
                if (name.startsWith(args[2]) && sum[0] >= per / 2) {
                    System.out.printf("%8.2f %8.0f  %s%n", sum[0] / (double) per, sum[1] / (double) per, name);
                }
            });
        } else if (args.length > 3) {
            heap.holders(args[2], Integer.parseInt(args[3]), per, args.length > 4 ? Integer.parseInt(args[4]) : 6); // e.g. java.nio.HeapByteBuffer 8192
        } else {
            heap.report(per);
        }
    }

    private void read(String file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file), 1 << 20))) {
            while (in.readByte() != 0) {
                // "JAVA PROFILE 1.0.2"
            }
            idSize = in.readInt();
            in.readLong();
            while (true) {
                int tag;
                try {
                    tag = in.readUnsignedByte();
                } catch (EOFException end) {
                    break;
                }
                in.readInt();
                long length = Integer.toUnsignedLong(in.readInt());
                switch (tag) {
                    case 0x01 -> {
                        long id = id(in);
                        byte[] utf8 = new byte[(int) (length - idSize)];
                        in.readFully(utf8);
                        strings.put(id, new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    case 0x02 -> {
                        in.readInt();
                        long classId = id(in);
                        in.readInt();
                        classNames.put(classId, strings.getOrDefault(id(in), "?").replace('/', '.'));
                    }
                    case 0x0C, 0x1C -> segment(in, length);
                    default -> in.skipNBytes(length);
                }
            }
        }
    }

    private void segment(DataInputStream in, long length) throws IOException {
        long end = length;
        long read = 0;
        while (read < end) {
            int sub = in.readUnsignedByte();
            read += 1;
            switch (sub) {
                case 0xFF, 0x05, 0x07 -> read += skip(in, idSize);
                case 0x01 -> read += skip(in, 2L * idSize);
                case 0x02, 0x03, 0x08 -> read += skip(in, idSize + 8L);
                case 0x04, 0x06 -> read += skip(in, idSize + 4L);
                case 0x20 -> read += classDump(in);
                case 0x21 -> {
                    long id = id(in);
                    in.readInt();
                    long classId = id(in);
                    int bytes = in.readInt();
                    byte[] values = new byte[bytes];
                    in.readFully(values);
                    instanceClass.put(id, classId);
                    instanceRefs(id, classId, values);
                    long[] sum = shallow.computeIfAbsent(classId, k -> new long[2]);
                    sum[0]++;
                    sum[1] += (12 + bytes + 7) & ~7;
                    read += 2L * idSize + 8 + bytes;
                }
                case 0x22 -> {
                    long id = id(in);
                    in.readInt();
                    int n = in.readInt();
                    long classId = id(in);
                    instanceClass.put(id, classId);
                    for (int i = 0; i < n; i++) {
                        long ref = id(in);
                        if (ref != 0) {
                            references.add(new long[]{classId, ref, id});
                        }
                    }
                    read += 2L * idSize + 8 + (long) n * idSize;
                }
                case 0x23 -> {
                    long id = id(in);
                    in.readInt();
                    int n = in.readInt();
                    int type = in.readUnsignedByte();
                    long bytes = (long) n * size(type);
                    in.skipNBytes(bytes);
                    if (type == 8) {
                        byteArrays.put(id, n);
                    }
                    read += idSize + 9 + bytes;
                }
                default -> throw new IOException("unknown heap dump record 0x" + Integer.toHexString(sub));
            }
        }
    }

    private long classDump(DataInputStream in) throws IOException {
        long read = 0;
        long classId = id(in);
        in.readInt();
        long superId = id(in);
        skip(in, 5L * idSize);
        in.readInt();
        read += 7L * idSize + 8;
        int constants = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < constants; i++) {
            in.readUnsignedShort();
            int type = in.readUnsignedByte();
            read += 3 + skip(in, size(type));
        }
        int statics = in.readUnsignedShort();
        read += 2;
        for (int i = 0; i < statics; i++) {
            id(in);
            int type = in.readUnsignedByte();
            read += idSize + 1 + skip(in, size(type));
        }
        int fields = in.readUnsignedShort();
        read += 2;
        byte[] types = new byte[fields];
        long[] names = new long[fields];
        for (int i = 0; i < fields; i++) {
            names[i] = id(in);
            types[i] = in.readByte();
            read += idSize + 1;
        }
        superOf.put(classId, superId);
        fieldTypes.put(classId, types);
        fieldNames.put(classId, names);
        return read;
    }

    /** An instance's field values: its class's own fields first, then each superclass's. */
    private void instanceRefs(long id, long classId, byte[] values) {
        int at = 0;
        for (long c = classId; c != 0 && fieldTypes.containsKey(c); c = superOf.getOrDefault(c, 0L)) {
            byte[] types = fieldTypes.get(c);
            for (int f = 0; f < types.length; f++) {
                byte type = types[f];
                int size = size(type);
                if (type == 10 && "capacity".equals(strings.get(fieldNames.get(c)[f]))
                        && "java.nio.DirectByteBuffer".equals(classNames.get(classId))) {
                    capacities.put(id, ((values[at] & 0xFF) << 24) | ((values[at + 1] & 0xFF) << 16)
                            | ((values[at + 2] & 0xFF) << 8) | (values[at + 3] & 0xFF));
                }
                if (type == 2) {
                    long ref = 0;
                    for (int i = 0; i < size; i++) {
                        ref = (ref << 8) | (values[at + i] & 0xFF);
                    }
                    if (ref != 0) {
                        references.add(new long[]{classId, ref, id});
                    }
                }
                at += size;
            }
        }
    }

    /**
     * The chains of holders above the instances of {@code className} that hold a {@code byte[length]}: for each of
     * {@code levels} levels up, the holder classes and how many per {@code per}.
     */
    private void holders(String className, int length, int per, int levels) {
        java.util.Set<Long> targets = new java.util.HashSet<>();
        if (length < 0) { // every instance of the class; for direct buffers, -N: those of capacity N
            for (Map.Entry<Long, Long> instance : instanceClass.entrySet()) {
                if (className.equals(classNames.get(instance.getValue()))
                        && (length == -1 || capacities.getOrDefault(instance.getKey(), -1) == -length)) {
                    targets.add(instance.getKey());
                }
            }
        }
        for (long[] ref : references) {
            Integer n = byteArrays.get(ref[1]);
            if (n != null && n == length && className.equals(classNames.get(ref[0]))) {
                targets.add(ref[2]);
            }
        }
        System.out.printf("%d %s holding byte[%d]%n", targets.size(), className, length);
        for (int level = 1; level <= levels && !targets.isEmpty(); level++) {
            Map<String, long[]> byHolder = new HashMap<>();
            java.util.Set<Long> next = new java.util.HashSet<>();
            for (long[] ref : references) {
                if (targets.contains(ref[1])) {
                    byHolder.computeIfAbsent(classNames.getOrDefault(ref[0], "?"), k -> new long[1])[0]++;
                    next.add(ref[2]);
                }
            }
            System.out.printf("level %d:%n", level);
            byHolder.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(12)
                    .forEach(e -> System.out.printf("%10.2f  %s%n", e.getValue()[0] / (double) per, e.getKey()));
            targets = next;
        }
    }

    private void directCapacities(int per) {
        Map<Integer, long[]> byCapacity = new java.util.TreeMap<>();
        capacities.values().forEach(c -> byCapacity.computeIfAbsent(c, k -> new long[1])[0]++);
        byCapacity.forEach((c, n) -> System.out.printf("direct buffers of %,d bytes: %.2f per%n", c, n[0] / (double) per));
    }

    private void report(int per) {
        directCapacities(per);
        Map<String, long[]> byHolder = new HashMap<>();
        for (long[] ref : references) {
            Integer length = byteArrays.get(ref[1]);
            if (length != null) {
                String key = classNames.getOrDefault(ref[0], "?") + " -> byte[" + bucket(length) + "]";
                long[] sum = byHolder.computeIfAbsent(key, k -> new long[2]);
                sum[0]++;
                sum[1] += 16 + ((length + 7) & ~7);
            }
        }
        byHolder.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(40)
                .forEach(e -> System.out.printf("%10.2f %12.0f  %s%n", e.getValue()[0] / (double) per,
                        e.getValue()[1] / (double) per, e.getKey()));
    }

    private static String bucket(int length) {
        return length <= 64 ? "<=64" : length <= 512 ? "65..512" : String.valueOf(length);
    }

    private long id(DataInputStream in) throws IOException {
        return idSize == 8 ? in.readLong() : Integer.toUnsignedLong(in.readInt());
    }

    private static long skip(DataInputStream in, long n) throws IOException {
        in.skipNBytes(n);
        return n;
    }

    private int size(int type) {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IllegalArgumentException("type " + type);
        };
    }
}

package dev.mamori.core.scan.heur;

import dev.mamori.core.scan.content.ContentItem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the names in an OLE2 compound file's directory ([MS-CFB]): header, FAT sectors (from the header's DIFAT and
 * the DIFAT chain), then the directory sector chain, 128 bytes an entry. Only names and entry types are read, never
 * stream contents, through {@link ContentItem#read} so that a 60 MB document costs a handful of small reads.
 *
 * <p>Written here rather than taken from Apache POI: POIFS brings commons-math3, commons-collections4 and
 * SparseBitSet with it (about 7 MB) for what is a few sector lookups, and a scanner wants a reader whose every loop
 * is bounded on hostile input. Cycles and out-of-range sectors end the walk with what was read so far.
 */
final class Ole2Directory {
    /** A directory entry: its name and kind. */
    record Entry(String name, Kind kind) {
        enum Kind { STORAGE, STREAM, ROOT }
    }

    private static final long MAGIC = 0xE11AB1A1E011CFD0L;
    private static final int HEADER_DIFAT = 109;
    private static final int ENTRY_SIZE = 128;
    private static final long END_OF_CHAIN = 0xFFFFFFFEL;
    private static final long LAST_REGULAR_SECTOR = 0xFFFFFFF9L;
    /** 4096 directory sectors are 16k-128k entries: far beyond any document, small enough to bound the work. */
    private static final int MAX_DIRECTORY_SECTORS = 4096;

    private final ContentItem item;
    private final int sectorShift;
    private final int sectorSize;
    private final long sectorCount;
    private final List<Long> fatSectors;
    private final Map<Long, ByteBuffer> fatCache = new HashMap<>();

    private Ole2Directory(ContentItem item, int sectorShift, List<Long> fatSectors) {
        this.item = item;
        this.sectorShift = sectorShift;
        this.sectorSize = 1 << sectorShift;
        this.sectorCount = Math.max(0, (item.size() >> sectorShift) - 1);
        this.fatSectors = fatSectors;
    }

    /** The directory entries, or an empty list when the item is not a readable compound file. */
    static List<Entry> entries(ContentItem item) throws IOException {
        ByteBuffer header = le(item.read(0, 512));
        if (header.capacity() < 512 || header.getLong(0) != MAGIC) {
            return List.of();
        }
        int shift = header.getShort(0x1E) & 0xFFFF;
        if (shift != 9 && shift != 12) {
            return List.of();
        }
        Ole2Directory d = new Ole2Directory(item, shift, List.of());
        List<Long> fat = d.fatSectorList(header);
        return new Ole2Directory(item, shift, fat).directory(header.getInt(0x30) & 0xFFFFFFFFL);
    }

    private List<Long> fatSectorList(ByteBuffer header) throws IOException {
        long declared = Math.min(header.getInt(0x2C) & 0xFFFFFFFFL, sectorCount);
        List<Long> fat = new ArrayList<>();
        for (int i = 0; i < HEADER_DIFAT && fat.size() < declared; i++) {
            long s = header.getInt(0x4C + 4 * i) & 0xFFFFFFFFL;
            if (s > LAST_REGULAR_SECTOR) {
                return fat;
            }
            fat.add(s);
        }
        long difat = header.getInt(0x44) & 0xFFFFFFFFL;
        int perSector = sectorSize / 4 - 1;
        for (int hops = 0; difat <= LAST_REGULAR_SECTOR && fat.size() < declared && hops < sectorCount; hops++) {
            ByteBuffer b = sector(difat);
            if (b == null) {
                break;
            }
            for (int i = 0; i < perSector && fat.size() < declared; i++) {
                long s = b.getInt(4 * i) & 0xFFFFFFFFL;
                if (s > LAST_REGULAR_SECTOR) {
                    return fat;
                }
                fat.add(s);
            }
            difat = b.getInt(4 * perSector) & 0xFFFFFFFFL;
        }
        return fat;
    }

    private List<Entry> directory(long first) throws IOException {
        List<Entry> out = new ArrayList<>();
        long s = first;
        for (int n = 0; s <= LAST_REGULAR_SECTOR && n < MAX_DIRECTORY_SECTORS && n <= sectorCount; n++) {
            ByteBuffer b = sector(s);
            if (b == null) {
                break;
            }
            for (int off = 0; off + ENTRY_SIZE <= sectorSize; off += ENTRY_SIZE) {
                Entry e = entry(b, off);
                if (e != null) {
                    out.add(e);
                }
            }
            s = next(s);
        }
        return out;
    }

    private static Entry entry(ByteBuffer b, int off) {
        int nameBytes = b.getShort(off + 0x40) & 0xFFFF;
        int type = b.get(off + 0x42);
        Entry.Kind kind = switch (type) {
            case 1 -> Entry.Kind.STORAGE;
            case 2 -> Entry.Kind.STREAM;
            case 5 -> Entry.Kind.ROOT;
            default -> null;
        };
        if (kind == null || nameBytes < 2 || nameBytes > 64) {
            return null;
        }
        byte[] raw = new byte[nameBytes - 2];
        b.get(off, raw);
        return new Entry(new String(raw, StandardCharsets.UTF_16LE), kind);
    }

    /** The FAT entry of sector {@code s}: the next sector of its chain. */
    private long next(long s) throws IOException {
        int perFatSector = sectorSize / 4;
        long index = s / perFatSector;
        if (index >= fatSectors.size()) {
            return END_OF_CHAIN;
        }
        long fatSector = fatSectors.get((int) index);
        ByteBuffer fat = fatCache.get(fatSector);
        if (fat == null) {
            fat = sector(fatSector);
            if (fat == null) {
                return END_OF_CHAIN;
            }
            fatCache.put(fatSector, fat);
        }
        return fat.getInt((int) (s % perFatSector) * 4) & 0xFFFFFFFFL;
    }

    private ByteBuffer sector(long s) throws IOException {
        if (s >= sectorCount) {
            return null;
        }
        byte[] b = item.read((s + 1) << sectorShift, sectorSize);
        return b.length == sectorSize ? le(b) : null;
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}

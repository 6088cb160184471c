package dev.mamori.core.scan.sig;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole-item digests of one scan, computed only when they could match: an algorithm is hashed only if the
 * database has signatures of it and, when the item size is known in advance, one of them has that size (or any
 * size). With an unknown size, hashing stops as soon as the item grows past every size in the database.
 */
final class HashStreamState {
    private final List<HashIndex> indexes = new ArrayList<>();
    private final List<MessageDigest> digests = new ArrayList<>();
    private final NameTable names;
    private long size;

    HashStreamState(List<HashIndex> all, NameTable names, long knownSize) {
        this.names = names;
        for (HashIndex index : all) {
            if (knownSize < 0 || index.couldMatchSize(knownSize)) {
                indexes.add(index);
                digests.add(index.algorithm().newDigest());
            }
        }
    }

    boolean isIdle() {
        return indexes.isEmpty();
    }

    void update(byte[] b, int off, int n) {
        size += n;
        for (int i = indexes.size() - 1; i >= 0; i--) {
            if (!indexes.get(i).couldMatchLongerThan(size - 1)) {
                indexes.remove(i);
                digests.remove(i);
            } else {
                digests.get(i).update(b, off, n);
            }
        }
    }

    void update(ByteBuffer src) {
        size += src.remaining();
        for (int i = indexes.size() - 1; i >= 0; i--) {
            if (!indexes.get(i).couldMatchLongerThan(size - 1)) {
                indexes.remove(i);
                digests.remove(i);
            } else {
                digests.get(i).update(src.duplicate());
            }
        }
    }

    /** Adds the name of every hash signature matching the item. */
    void finish(Map<String, Long> matches) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < indexes.size(); i++) {
            HashIndex index = indexes.get(i);
            if (index.couldMatchSize(size)) {
                index.lookup(digests.get(i).digest(), size, ids);
            }
        }
        for (int id : ids) {
            matches.putIfAbsent(names.get(id), size);
        }
    }
}

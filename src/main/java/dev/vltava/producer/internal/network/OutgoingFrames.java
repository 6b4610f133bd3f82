package dev.vltava.producer.internal.network;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection's queue of frames waiting to be written, and the gathering of their bytes into a write vector.
 *
 * <p>Each frame is kept as {@code duplicate()} views of the caller's buffers, so writing moves only our views' positions,
 * never the caller's. The queue is a ring of parallel arrays (views, token, index of the first unwritten view) so that
 * queueing a frame allocates only the views.
 */
final class OutgoingFrames {
    private static final int INITIAL_CAPACITY = 16; // a power of two: ring indices are masked

    private ByteBuffer[][] views = new ByteBuffer[INITIAL_CAPACITY][];
    private Object[] tokens = new Object[INITIAL_CAPACITY];
    private int[] firstUnwrittenView = new int[INITIAL_CAPACITY];
    private int head;
    private int count;

    /** The last view of a gather whose limit was lowered to respect maxBytes, restored by {@link #afterWrite}. */
    private ByteBuffer cappedView;
    private int cappedViewLimit;
    private long gatheredBytes;

    void add(ByteBuffer[] frame, Object token) {
        ByteBuffer[] frameViews = new ByteBuffer[frame.length];
        for (int i = 0; i < frame.length; i++) {
            frameViews[i] = frame[i].duplicate();
        }
        if (count == tokens.length) {
            grow();
        }
        int slot = (head + count) & (tokens.length - 1);
        views[slot] = frameViews;
        tokens[slot] = token;
        firstUnwrittenView[slot] = 0;
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int size() {
        return count;
    }

    /**
     * Fills vector with the unwritten views of the queued frames, in order, up to vector.length buffers and maxBytes
     * bytes (the last view's limit is lowered if needed). Capping matters because NIO copies heap buffers into a
     * temporary direct buffer before writing: without a cap, a 16 MiB batch on a 128 KiB socket buffer would be copied
     * again and again for each partial write. Call {@link #afterWrite} after the write, whatever happened.
     *
     * @return the number of buffers put in vector; {@link #gatheredBytes()} tells how many bytes they hold
     */
    int gather(ByteBuffer[] vector, long maxBytes) {
        int n = 0;
        long bytes = 0;
        int mask = tokens.length - 1;
        for (int f = 0; f < count && n < vector.length && bytes < maxBytes; f++) {
            int slot = (head + f) & mask;
            ByteBuffer[] frameViews = views[slot];
            for (int i = firstUnwrittenView[slot]; i < frameViews.length && n < vector.length && bytes < maxBytes; i++) {
                ByteBuffer view = frameViews[i];
                int remaining = view.remaining();
                if (remaining == 0) {
                    continue;
                }
                if (bytes + remaining > maxBytes) {
                    cappedView = view;
                    cappedViewLimit = view.limit();
                    view.limit(view.position() + (int) (maxBytes - bytes));
                    remaining = view.remaining();
                }
                vector[n++] = view;
                bytes += remaining;
            }
        }
        gatheredBytes = bytes;
        return n;
    }

    long gatheredBytes() {
        return gatheredBytes;
    }

    /** Restores a capped view and drops the vector's references (so a written frame is not kept alive by it). */
    void afterWrite(ByteBuffer[] vector, int n) {
        if (cappedView != null) {
            cappedView.limit(cappedViewLimit);
            cappedView = null;
        }
        Arrays.fill(vector, 0, n, null);
    }

    /** True if the oldest frame has been written completely. */
    boolean headComplete() {
        if (count == 0) {
            return false;
        }
        ByteBuffer[] frameViews = views[head];
        int i = firstUnwrittenView[head];
        while (i < frameViews.length && !frameViews[i].hasRemaining()) {
            i++;
        }
        firstUnwrittenView[head] = i;
        return i == frameViews.length;
    }

    /** Removes the oldest frame and returns its token. */
    Object removeHead() {
        Object token = tokens[head];
        views[head] = null;
        tokens[head] = null;
        head = (head + 1) & (tokens.length - 1);
        count--;
        return token;
    }

    /** Empties the queue; returns the tokens of all frames not fully written, oldest first. */
    List<Object> drainTokens() {
        if (count == 0) {
            return List.of();
        }
        List<Object> drained = new ArrayList<>(count);
        while (count > 0) {
            drained.add(removeHead());
        }
        return drained;
    }

    private void grow() {
        int oldCapacity = tokens.length;
        ByteBuffer[][] newViews = new ByteBuffer[oldCapacity * 2][];
        Object[] newTokens = new Object[oldCapacity * 2];
        int[] newFirst = new int[oldCapacity * 2];
        for (int i = 0; i < count; i++) {
            int slot = (head + i) & (oldCapacity - 1);
            newViews[i] = views[slot];
            newTokens[i] = tokens[slot];
            newFirst[i] = firstUnwrittenView[slot];
        }
        views = newViews;
        tokens = newTokens;
        firstUnwrittenView = newFirst;
        head = 0;
    }
}

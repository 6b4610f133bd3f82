package dev.vltava.producer.internal.record;

import java.nio.ByteBuffer;

/**
 * UTF-8 length and encoding of a String straight into a buffer, so header keys cost no allocation. Output is
 * byte-identical to {@code String.getBytes(UTF_8)}, including its replacement of an unpaired surrogate by '?'.
 */
final class Utf8 {
    private static final byte REPLACEMENT = '?';

    private Utf8() {
    }

    static int encodedLength(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (isPairAt(s, i)) {
                bytes += 2; // two chars become four bytes
                i++;
            } // an unpaired surrogate becomes one '?'
        }
        return bytes;
    }

    /** Writes at {@code index}; returns the index after the last byte written. */
    static int write(ByteBuffer buffer, int index, String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buffer.put(index++, (byte) c);
            } else if (c < 0x800) {
                buffer.put(index++, (byte) (0xC0 | (c >> 6)));
                buffer.put(index++, (byte) (0x80 | (c & 0x3F)));
            } else if (!Character.isSurrogate(c)) {
                buffer.put(index++, (byte) (0xE0 | (c >> 12)));
                buffer.put(index++, (byte) (0x80 | ((c >> 6) & 0x3F)));
                buffer.put(index++, (byte) (0x80 | (c & 0x3F)));
            } else if (isPairAt(s, i)) {
                int codePoint = Character.toCodePoint(c, s.charAt(++i));
                buffer.put(index++, (byte) (0xF0 | (codePoint >> 18)));
                buffer.put(index++, (byte) (0x80 | ((codePoint >> 12) & 0x3F)));
                buffer.put(index++, (byte) (0x80 | ((codePoint >> 6) & 0x3F)));
                buffer.put(index++, (byte) (0x80 | (codePoint & 0x3F)));
            } else {
                buffer.put(index++, REPLACEMENT);
            }
        }
        return index;
    }

    private static boolean isPairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }
}

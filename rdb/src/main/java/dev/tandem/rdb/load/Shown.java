package dev.tandem.rdb.load;

/** Byte strings in error messages: printable ASCII as is, other bytes as {@code \xNN}, cut at 64. */
final class Shown {
    private static final int MAX_SHOWN = 64;

    private Shown() {
    }

    static String bytes(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(b.length, MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (b.length > MAX_SHOWN) {
            sb.append("...(").append(b.length).append(" bytes)");
        }
        return sb.append('"').toString();
    }
}

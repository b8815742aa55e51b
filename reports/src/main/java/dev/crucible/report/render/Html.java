package dev.crucible.report.render;

/** A small HTML writer: escaped text, elements, table rows. */
final class Html {
    private final StringBuilder b = new StringBuilder(1 << 16);

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder o = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> o.append("&amp;");
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> o.append(c);
            }
        }
        return o.toString();
    }

    Html raw(String s) {
        b.append(s);
        return this;
    }

    Html text(String s) {
        b.append(esc(s));
        return this;
    }

    /** An element with escaped text content. */
    Html el(String tag, String text) {
        b.append('<').append(tag).append('>').append(esc(text)).append("</").append(tag.split(" ")[0]).append(">\n");
        return this;
    }

    /** A table row of escaped cells; {@code th} for a header row. */
    Html row(boolean th, String... cells) {
        String t = th ? "th" : "td";
        b.append("<tr>");
        for (String c : cells) {
            b.append('<').append(t).append('>').append(esc(c)).append("</").append(t).append('>');
        }
        b.append("</tr>\n");
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}

package dev.crucible.check.format;

import dev.crucible.check.history.Keyword;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The scalar forms of EDN, each read once {@link EdnReader} has seen the character that announces
 * it: strings, characters, keywords, symbols (with nil, true and false), numbers and the symbolic
 * values {@code ##Inf ##-Inf ##NaN}. The Java values they become are listed on {@link EdnReader}.
 *
 * <p>Every method takes the line the form started on, for its errors.
 */
final class EdnScalars {
    private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9][0-9]*)N?");
    private static final Pattern LEADING_ZERO = Pattern.compile("[+-]?0[0-9]+N?");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?M?");
    private static final Pattern SYMBOL_CHARS = Pattern.compile("[A-Za-z0-9.*+!\\-_?$%&=<>/:#']+");

    private EdnScalars() {}

    /** Whether every character of {@code name} may appear in a symbol, keyword or tag. */
    static boolean isSymbolText(String name) {
        return SYMBOL_CHARS.matcher(name).matches();
    }

    /** The rest of a string whose opening quote was just read. */
    static String string(EdnInput in, int start) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c == EdnInput.EOF) {
                throw in.error(in.eofLine(), "end of input: expected '\"' to close the string opened on line "
                        + start);
            }
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append((char) c);
                continue;
            }
            // An escape is reported on the line of its backslash, even when a line end follows it.
            int escapeLine = in.line();
            int e = in.read();
            switch (e) {
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'u' -> sb.append(hex4(in, escapeLine));
                default -> throw in.error(escapeLine, e == EdnInput.EOF ? "end of input in a string escape"
                        : "unknown string escape '\\" + (char) e
                                + "': expected one of \\t \\r \\n \\b \\f \\\\ \\\" \\uXXXX");
            }
        }
    }

    private static char hex4(EdnInput in, int escapeLine) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int c = in.read();
            int d = Character.digit(c == EdnInput.EOF ? 'x' : c, 16);
            if (d < 0) {
                throw in.error(escapeLine, "expected four hexadecimal digits after \\u");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    /** A character literal whose backslash was just read, as a one-character String. */
    static String character(EdnInput in, int start) {
        int c = in.read();
        if (c == EdnInput.EOF || EdnInput.isWhitespace(c)) {
            throw in.error(start, "expected a character after '\\'");
        }
        // The first character is taken whatever it is (\( and \" are characters), the rest up to a delimiter.
        StringBuilder sb = new StringBuilder().append((char) c);
        int d = in.read();
        while (!EdnInput.isDelimiter(d)) {
            sb.append((char) d);
            d = in.read();
        }
        in.unread(d);
        String name = sb.toString();
        if (name.length() == 1) {
            return name;
        }
        String named = namedCharacter(name);
        if (named != null) {
            return named;
        }
        if (name.length() == 5 && name.charAt(0) == 'u') {
            try {
                return String.valueOf((char) Integer.parseInt(name.substring(1), 16));
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw in.error(start, "unknown character literal \\" + name
                + ": expected one character, \\newline, \\space, \\tab, \\return, \\formfeed,"
                + " \\backspace or \\uXXXX");
    }

    private static String namedCharacter(String name) {
        return switch (name) {
            case "newline" -> "\n";
            case "space" -> " ";
            case "tab" -> "\t";
            case "return" -> "\r";
            case "formfeed" -> "\f";
            case "backspace" -> "\b";
            default -> null;
        };
    }

    /** A keyword whose colon was just read. */
    static Keyword keyword(EdnInput in, int start) {
        int c = in.read();
        if (EdnInput.isDelimiter(c)) {
            throw in.error(start, "expected a keyword name after ':'");
        }
        String name = in.token(c);
        if (name.startsWith(":")) {
            throw in.error(start, "auto-resolved keyword ::" + name.substring(1) + " is not EDN");
        }
        if (!isSymbolText(name) || name.endsWith("/") || name.startsWith("/")) {
            throw in.error(start, "invalid keyword :" + name);
        }
        return Keyword.of(name);
    }

    /** A symbol token: null, TRUE or FALSE for nil, true and false; else the symbol's text. */
    static Object symbol(EdnInput in, String tok, int start) {
        switch (tok) {
            case "nil":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        if (!isSymbolText(tok)) {
            throw in.error(start, "invalid symbol '" + tok + "'");
        }
        return tok;
    }

    /** A number token: Long, BigInteger beyond a long, Double, or BigDecimal with an M suffix. */
    static Object number(EdnInput in, String tok, int start) {
        if (INTEGER.matcher(tok).matches()) {
            String digits = tok.endsWith("N") ? tok.substring(0, tok.length() - 1) : tok;
            BigInteger b = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (LEADING_ZERO.matcher(tok).matches()) {
            throw in.error(start, "integer with a leading zero '" + tok + "' (octal is not EDN)");
        }
        if (DECIMAL.matcher(tok).matches()) {
            String t = tok.startsWith("+") ? tok.substring(1) : tok;
            if (t.endsWith("M")) {
                return new BigDecimal(t.substring(0, t.length() - 1));
            }
            return Double.parseDouble(t);
        }
        throw in.error(start, "invalid number '" + tok + "'"
                + (tok.indexOf('/') >= 0 ? ": ratios are not supported" : ""));
    }

    /** A symbolic value whose {@code ##} was just read: the infinities and NaN as Double. */
    static Double symbolicValue(EdnInput in, int start) {
        String name = in.token('#').substring(1);
        return switch (name) {
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> throw in.error(start, "unknown symbolic value ##" + name + ": expected ##Inf, ##-Inf or ##NaN");
        };
    }
}

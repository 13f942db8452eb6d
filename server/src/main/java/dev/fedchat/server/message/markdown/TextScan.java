package dev.fedchat.server.message.markdown;

/**
 * The parts of the grammar that do not depend on emphasis state — host names, URLs, e-mail addresses, phone
 * numbers — matched against one text. The runs those rules repeat over (a host's labels, a URL's body, an
 * address's local part) are measured once for the whole text, right to left, so that matching at every position
 * costs a constant each: the original re-scans them from every start, which is quadratic on a long word.
 * One instance per parse; not thread-safe.
 */
final class TextScan {
    /** Phone digits and what they dial. */
    record Phone(int end, String text, String number) {}

    private final String s;
    private final int n;
    /** End of the run of host-name characters from each position (the position itself when there is none). */
    private final int[] labelRun;
    /** End of the dotted labels from each position where a label starts. */
    private final int[] dottedEnd;
    /** End of the run of {@link CharClasses#extra} punctuation from each position. */
    private final int[] extraRun;
    /** End of a URL body from each position (for references and link targets). */
    private final int[] urlBodyEnd;
    /** End of an auto-link's body from each position: anything up to trailing punctuation and a blank. */
    private final int[] autoBodyEnd;
    /** End of an e-mail local part from each position where one may start. */
    private final int[] localPartEnd;
    private final int[] digitRun;
    /** End of the run of one repeated character from each position ({@code ***}, {@code @@}). */
    private final int[] sameRun;
    private final int[] alnumRun;
    private final int[] letterRun;

    TextScan(String s) {
        this.s = s;
        this.n = s.length();
        labelRun = new int[n + 1];
        dottedEnd = new int[n + 1];
        extraRun = new int[n + 1];
        urlBodyEnd = new int[n + 1];
        autoBodyEnd = new int[n + 1];
        localPartEnd = new int[n + 1];
        digitRun = new int[n + 1];
        sameRun = new int[n + 1];
        alnumRun = new int[n + 1];
        letterRun = new int[n + 1];
        int[] localRun = new int[n + 1];
        labelRun[n] = dottedEnd[n] = extraRun[n] = urlBodyEnd[n] = autoBodyEnd[n] = localPartEnd[n] = digitRun[n] = n;
        sameRun[n] = alnumRun[n] = letterRun[n] = n;
        localRun[n] = n;
        for (int p = n - 1; p >= 0; p--) {
            char c = s.charAt(p);
            int label = CharClasses.domainCharLength(s, p);
            labelRun[p] = label > 0 ? labelRun[p + label] : p;
            extraRun[p] = CharClasses.extra(c) ? extraRun[p + 1] : p;
            digitRun[p] = CharClasses.digit(c) ? digitRun[p + 1] : p;
            alnumRun[p] = CharClasses.asciiAlnum(c) ? alnumRun[p + 1] : p;
            letterRun[p] = CharClasses.asciiLetter(c) ? letterRun[p + 1] : p;
            sameRun[p] = p + 1 < n && s.charAt(p + 1) == c ? sameRun[p + 1] : p + 1;
            boolean alnum = CharClasses.alphaNumericOrMark(c);
            localRun[p] = alnum || CharClasses.localPartSpecial(c) ? localRun[p + 1] : p;
            int e = labelRun[p];
            dottedEnd[p] = e > p && e + 1 < n && s.charAt(e) == '.' && labelRun[e + 1] > e + 1 ? dottedEnd[e + 1] : e;
            int le = localRun[p];
            localPartEnd[p] = alnum && le + 1 < n && s.charAt(le) == '.'
                    && CharClasses.alphaNumericOrMark(s.charAt(le + 1)) ? localPartEnd[le + 1] : le;
            urlBodyEnd[p] = urlBodyStops(p) ? p : urlBodyEnd[p + 1];
            int afterPunctuation = extraRun[p];
            boolean autoStops = afterPunctuation < n && blankOrEnd(s.charAt(afterPunctuation));
            autoBodyEnd[p] = autoStops ? p : autoBodyEnd[p + 1];
        }
    }

    private boolean urlBodyStops(int p) {
        char c = s.charAt(p);
        if (CharClasses.space(c) || !CharClasses.urlBodyChar(c)) {
            return true;
        }
        int e = extraRun[p];
        return e > p && e < n && blankOrEnd(s.charAt(e));
    }

    private static boolean blankOrEnd(char c) {
        return CharClasses.space(c) || CharClasses.endOfLine(c);
    }

    /** {@code localhost}, or dotted labels with at least one dot; the end, or -1. */
    int domainEnd(int p) {
        if (s.startsWith("localhost", p)) {
            return p + 9;
        }
        return p < n && labelRun[p] > p && dottedEnd[p] > labelRun[p] ? dottedEnd[p] : -1;
    }

    /** A host with an optional numeric port. */
    int hostEnd(int p) {
        int e = domainEnd(p);
        if (e >= 0 && e + 1 < n && s.charAt(e) == ':' && CharClasses.digit(s.charAt(e + 1))) {
            return digitRun[e + 1];
        }
        return e;
    }

    /** {@code scheme:} of 1 to 32 letters, digits, {@code +} or {@code -}: the end past the colon, or -1. */
    int schemeEnd(int p) {
        int q = p;
        while (q < n && q - p < 32 && (CharClasses.asciiAlnum(s.charAt(q)) || s.charAt(q) == '+' || s.charAt(q) == '-')) {
            q++;
        }
        return q > p && q < n && s.charAt(q) == ':' ? q + 1 : -1;
    }

    /** {@code //}, optional {@code user[:password]@}, host: the end, or -1. */
    private int authorityEnd(int p) {
        if (!s.startsWith("//", p)) {
            return -1;
        }
        int q = p + 2;
        int user = userInfoRun(q);
        if (user > q) {
            int at = user;
            if (at < n && s.charAt(at) == ':') {
                int password = userInfoRun(at + 1);
                if (password > at + 1) {
                    at = password;
                }
            }
            if (at < n && s.charAt(at) == '@') {
                q = at + 1;
            }
        }
        return hostEnd(q);
    }

    private int userInfoRun(int p) {
        int q = p;
        while (q < n && (CharClasses.asciiAlnum(s.charAt(q)) || "$&+_#?-".indexOf(s.charAt(q)) >= 0)) {
            q++;
        }
        return q;
    }

    /** The head of a URL: {@code scheme://authority}, else a bare host. */
    private int urlHeadEnd(int p) {
        int scheme = schemeEnd(p);
        if (scheme >= 0) {
            int authority = authorityEnd(scheme);
            if (authority >= 0) {
                return authority;
            }
        }
        return hostEnd(p);
    }

    /** A URL as a link target or as the tail of plain text ({@code URL}): the end, or -1. */
    int urlEnd(int p) {
        int head = urlHeadEnd(p);
        return head < 0 ? -1 : urlBodyEnd[head];
    }

    /** A URL as the text auto-links it, up to trailing punctuation before a blank ({@code AutoLinkURL}). */
    int autoLinkEnd(int p) {
        int head = urlHeadEnd(p);
        return head < 0 ? -1 : autoBodyEnd[head];
    }

    /** {@code scheme:} and a non-empty URL body ({@code FilePath}). */
    int filePathEnd(int p) {
        int scheme = schemeEnd(p);
        return scheme >= 0 && urlBodyEnd[scheme] > scheme ? urlBodyEnd[scheme] : -1;
    }

    /** An e-mail address, with an optional {@code mailto:} before it: the address's start and end, or null. */
    int[] email(int p) {
        int q = s.startsWith("mailto:", p) ? p + 7 : p;
        if (q >= n || !CharClasses.alphaNumericOrMark(s.charAt(q))) {
            return null;
        }
        int at = localPartEnd[q];
        if (at >= n || s.charAt(at) != '@') {
            return null;
        }
        int end = domainEnd(at + 1);
        return end < 0 ? null : new int[] {q, end};
    }

    /** {@code +} and digits, with a {@code (area)} or a dash: what {@code AutolinkedPhone} matches. */
    Phone phone(int p) {
        if (p >= n || s.charAt(p) != '+') {
            return null;
        }
        int q = p + 1;
        int prefixEnd;
        String prefixText;
        String prefixNumber;
        if (q < n && CharClasses.digit(s.charAt(q))) {
            prefixEnd = digitRun[q];
            prefixText = prefixNumber = s.substring(q, prefixEnd);
        } else if (q + 1 < n && s.charAt(q) == '(' && CharClasses.digit(s.charAt(q + 1))
                && digitRun[q + 1] < n && s.charAt(digitRun[q + 1]) == ')') {
            prefixEnd = digitRun[q + 1] + 1;
            prefixNumber = s.substring(q + 1, prefixEnd - 1);
            prefixText = "(" + prefixNumber + ")";
        } else {
            return null;
        }
        if (digitAfterDash(prefixEnd)) {
            String d = s.substring(prefixEnd + 1, digitRun[prefixEnd + 1]);
            return new Phone(digitRun[prefixEnd + 1], "+" + prefixText + "-" + d, prefixNumber + d);
        }
        if (prefixEnd < n && CharClasses.digit(s.charAt(prefixEnd))) {
            int d1End = digitRun[prefixEnd];
            String d1 = s.substring(prefixEnd, d1End);
            if (digitAfterDash(d1End)) {
                String d2 = s.substring(d1End + 1, digitRun[d1End + 1]);
                return new Phone(digitRun[d1End + 1], "+" + prefixText + d1 + "-" + d2, prefixNumber + d1 + d2);
            }
            return new Phone(d1End, "+" + prefixText + d1, prefixNumber + d1);
        }
        if (prefixText.equals(prefixNumber)) {
            return new Phone(prefixEnd, "+" + prefixText, prefixNumber);
        }
        return null; // "(12)" alone: the plain-digits alternative needs a digit right after "+"
    }

    private boolean digitAfterDash(int p) {
        return p + 1 < n && s.charAt(p) == '-' && CharClasses.digit(s.charAt(p + 1));
    }

    int digitRunEnd(int p) {
        return digitRun[p];
    }

    /** End of the ASCII letters and digits from {@code p}. */
    int alnumRunEnd(int p) {
        return alnumRun[p];
    }

    int letterRunEnd(int p) {
        return letterRun[p];
    }

    /** End of the run of the character at {@code p} repeated ({@code p < length}). */
    int sameRunEnd(int p) {
        return sameRun[p];
    }

    /**
     * The first position at or after {@code from} where {@code closer} finds a closing marker, or -1. The
     * answer to the last question is kept: the parse asks from positions that mostly move forward, and a
     * position between the last start and the marker found has the same answer, so an unclosed {@code \(}
     * repeated along a text is scanned once, not once per opening.
     */
    int firstCloser(int from, java.util.function.IntPredicate closer, int kind) {
        if (lastFrom[kind] >= 0 && from >= lastFrom[kind] && (lastFound[kind] < 0 || from <= lastFound[kind])) {
            return lastFound[kind];
        }
        int found = -1;
        for (int q = from; q < n; q++) {
            if (closer.test(q)) {
                found = q;
                break;
            }
        }
        lastFrom[kind] = from;
        lastFound[kind] = found;
        return found;
    }

    private final int[] lastFrom = {-1, -1};
    private final int[] lastFound = {-1, -1};
}

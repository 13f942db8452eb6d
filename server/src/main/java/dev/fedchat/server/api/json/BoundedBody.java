package dev.fedchat.server.api.json;

import dev.fedchat.server.error.RcException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read up to a bound, for every route that takes one. Past the bound the rest is
 * read and dropped (up to {@link #MAX_DRAINED_BYTES}) before the 413 is thrown: a server that
 * answers and closes while the client is still sending resets the connection, and the client then
 * sees no answer at all instead of the 413 (seen as tests failing now and then, and by the fuzzer).
 */
public final class BoundedBody {
    private static final long MAX_DRAINED_BYTES = 8L * 1024 * 1024;

    private BoundedBody() {}

    /** The body, at most {@code max} bytes; else a 413 saying {@code what} may carry at most {@code max}. */
    public static byte[] read(Context ctx, int max, String what) {
        if (ctx.contentLength() > max) {
            throw tooLarge(ctx, max, what);
        }
        byte[] bytes;
        try {
            // not closed here: a body found too large is drained from the same stream
            bytes = ctx.bodyInputStream().readNBytes(max + 1);
        } catch (IOException e) {
            throw RcException.invalidParams("The body could not be read: " + e.getMessage());
        }
        if (bytes.length > max) {
            throw tooLarge(ctx, max, what);
        }
        return bytes;
    }

    private static RcException tooLarge(Context ctx, int max, String what) {
        try {
            InputStream in = ctx.bodyInputStream();
            byte[] buffer = new byte[64 * 1024];
            long drained = 0;
            for (int n; drained < MAX_DRAINED_BYTES && (n = in.read(buffer)) >= 0; ) {
                drained += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent less than it announced: the answer may not reach it, nothing more to do
        }
        return new RcException(413, "error-request-too-large", what + " may carry at most " + max + " bytes");
    }
}

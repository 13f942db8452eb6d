package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.auth.LoginFailedException;
import dev.fedchat.server.db.DatabaseFailure;
import dev.fedchat.server.error.RcException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one method of the {@link MethodTable} and answers with DDP's {@code result} frame,
 * {@code {msg: "result", id, result}} or {@code {msg: "result", id, error}} with the failure as
 * Meteor renders it ({@link DdpErrors}). The DDP endpoint sends the frame; {@code method.call}
 * puts it, EJSON as text, in its REST answer. A failure that is neither Rocket.Chat's error nor a
 * refused login is logged here, once for both wires. Thread-safe: stateless.
 */
public final class MethodInvoker {
    private static final Logger log = LoggerFactory.getLogger(MethodInvoker.class);

    private final MethodTable methods;

    MethodInvoker(MethodTable methods) {
        this.methods = methods;
    }

    public Map<String, Object> invoke(MethodCaller caller, String id, String name, JsonNode params) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("msg", "result");
        result.put("id", id);
        try {
            Object value = methods.call(caller, name, params);
            if (value != null) {
                result.put("result", value);
            }
        } catch (RuntimeException e) {
            if (!(e instanceof RcException) && !(e instanceof LoginFailedException)) {
                Optional<DatabaseFailure> database = DatabaseFailure.in(e);
                if (database.isPresent()) {
                    database.get().log(log, "Method " + name, e);
                } else {
                    log.error("Method {} failed unexpectedly: {}", name, e.toString(), e);
                }
            }
            result.put("error", DdpErrors.of(e));
        }
        return result;
    }
}

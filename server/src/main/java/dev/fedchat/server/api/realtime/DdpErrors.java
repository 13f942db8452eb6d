package dev.fedchat.server.api.realtime;

import dev.fedchat.server.auth.LoginFailedException;
import dev.fedchat.server.db.DatabaseFailure;
import dev.fedchat.server.error.RcException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Failures of DDP methods and subscriptions as Meteor sends them (client-api.md §3.1). */
final class DdpErrors {
    private DdpErrors() {}

    static Map<String, Object> of(RuntimeException e) {
        if (e instanceof LoginFailedException lf) {
            return error(403, lf.reason());
        }
        if (e instanceof RcException rc) {
            Object code = rc.errorType() != null ? rc.errorType() : rc.status();
            return error(code, rc.reason());
        }
        RcException answer = DatabaseFailure.in(e).map(DatabaseFailure::answer).orElseGet(DatabaseFailure::internalError);
        return error(answer.errorType() != null ? answer.errorType() : answer.status(), answer.reason());
    }

    static Map<String, Object> error(Object code, String reason) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("isClientSafe", true);
        error.put("error", code);
        error.put("reason", reason);
        error.put("message", reason + " [" + code + "]");
        error.put("errorType", "Meteor.Error");
        return error;
    }
}

package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.doctor.Check;
import dev.fedchat.protocol.doctor.Checklist;
import dev.fedchat.server.api.view.SetupChecks;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.discovery.OwnSetup;
import dev.fedchat.server.user.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code FEDERATION_Test_Setup}, the admin's "Test setup" button (federation-protocol.md §9.4).
 * Rocket.Chat answered {@code {message:'FEDERATION_Test_Setup_Success'}} or threw
 * {@code FEDERATION_Test_Setup_Error}; we keep both shapes, add the checklist to the success,
 * and put each failed check and its fix in the error's reason, since a Meteor error has no
 * other place for them.
 */
final class TestSetupMethod implements DdpMethods.Method {
    private final OwnSetup ownSetup;

    TestSetupMethod(OwnSetup ownSetup) {
        this.ownSetup = ownSetup;
    }

    @Override
    public Object call(MethodCaller caller, JsonNode params) {
        User user = caller.user();
        if (user == null) {
            throw RcException.invalid("error-invalid-user", "Invalid user: log in first");
        }
        if (!user.isAdmin()) {
            throw RcException.notAllowed("Only administrators can test the federation set-up");
        }
        Checklist checklist = ownSetup.test();
        if (!checklist.passed()) {
            String failures = checklist.checks().stream()
                    .filter(c -> c.outcome() == Check.Outcome.FAIL)
                    .map(c -> c.title() + ": " + c.detail() + (c.fix().isEmpty() ? "" : " Fix: " + c.fix()))
                    .collect(Collectors.joining("\n"));
            throw RcException.invalid("FEDERATION_Test_Setup_Error", failures);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", "FEDERATION_Test_Setup_Success");
        result.put("domain", checklist.domain());
        result.put("checks", SetupChecks.view(checklist));
        return result;
    }
}

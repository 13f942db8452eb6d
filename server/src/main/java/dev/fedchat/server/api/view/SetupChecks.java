package dev.fedchat.server.api.view;

import dev.fedchat.protocol.doctor.Check;
import dev.fedchat.protocol.doctor.Checklist;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The doctor's checklist as the REST and DDP answers carry it. */
public final class SetupChecks {
    private SetupChecks() {}

    public static List<Map<String, Object>> view(Checklist checklist) {
        return checklist.checks().stream().map(SetupChecks::view).toList();
    }

    private static Map<String, Object> view(Check check) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("title", check.title());
        v.put("outcome", check.outcome().name().toLowerCase(Locale.ROOT));
        v.put("detail", check.detail());
        v.put("fix", check.fix());
        return v;
    }
}

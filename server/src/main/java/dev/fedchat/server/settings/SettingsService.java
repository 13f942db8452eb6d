package dev.fedchat.server.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.error.RcException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads and writes settings. Values are kept in the database as JSON; this class keeps a cache
 * that is rebuilt from the database at start and updated on every write through it.
 * Thread-safe: the cache is a concurrent map, writes go to the database first.
 */
public final class SettingsService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, SettingDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Object>> listeners = new CopyOnWriteArrayList<>();

    public SettingsService(Jdbi jdbi, Clock clock, ObjectMapper json, List<SettingDefinition> known) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.json = json;
        known.forEach(d -> definitions.put(d.id(), d));
        Map<String, String> stored = jdbi.onDemand(SettingDao.class).all();
        for (SettingDefinition d : definitions.values()) {
            String raw = stored.get(d.id());
            values.put(d.id(), raw == null ? d.defaultValue() : decode(raw));
        }
    }

    /** Called after a setting changed, with its id and new value. */
    public void onChange(BiConsumer<String, Object> listener) {
        listeners.add(listener);
    }

    public Optional<SettingDefinition> definition(String id) {
        return Optional.ofNullable(definitions.get(id));
    }

    public List<SettingDefinition> definitions() {
        return new ArrayList<>(definitions.values());
    }

    public Object value(String id) {
        Object v = values.get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting " + id);
        }
        return v;
    }

    public String string(String id) {
        return String.valueOf(value(id));
    }

    public boolean bool(String id) {
        return (Boolean) value(id);
    }

    public long integer(String id) {
        return ((Number) value(id)).longValue();
    }

    /** An admin's write: the id must exist, be writable, and the value must fit its type. */
    public void set(String id, JsonNode value) {
        SettingDefinition d = definitions.get(id);
        if (d == null) {
            throw new RcException(400, null, "Setting " + id + " does not exist");
        }
        if (d.readOnly()) {
            throw RcException.notAllowed("Setting " + id + " is read-only");
        }
        store(d, coerce(d, value));
    }

    /**
     * Forces {@code OVERWRITE_SETTING_<id>=<text>} at start. An unknown id or a value of the wrong
     * type stops the start with a message naming it.
     */
    public void overwrite(String id, String text) {
        SettingDefinition d = definitions.get(id);
        if (d == null) {
            throw new ConfigException("OVERWRITE_SETTING_" + id + ": there is no setting with the id '" + id + "'");
        }
        if (d.readOnly()) {
            throw new ConfigException("OVERWRITE_SETTING_" + id + ": the setting is read-only; the server sets it itself");
        }
        JsonNode node = switch (d.type()) {
            case BOOLEAN, INT -> parseOrText(text);
            default -> json.getNodeFactory().textNode(text);
        };
        try {
            store(d, coerce(d, node));
        } catch (RcException e) {
            throw new ConfigException("OVERWRITE_SETTING_" + id + "=" + text + ": " + e.reason());
        }
    }

    /** A change made by the server itself (read-only settings included). */
    public void setInternal(String id, Object value) {
        SettingDefinition d = definitions.get(id);
        if (d == null) {
            throw new IllegalArgumentException("unknown setting " + id);
        }
        store(d, value);
    }

    private JsonNode parseOrText(String text) {
        try {
            return json.readTree(text.trim());
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private void store(SettingDefinition d, Object value) {
        String encoded = encode(value);
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            SettingDao dao = h.attach(SettingDao.class);
            if (dao.update(d.id(), encoded, now) == 0) {
                dao.insert(d.id(), encoded, now);
            }
        });
        values.put(d.id(), value);
        listeners.forEach(l -> l.accept(d.id(), value));
    }

    private static Object coerce(SettingDefinition d, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw RcException.invalidParams("Setting " + d.id() + " needs a value");
        }
        return switch (d.type()) {
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw RcException.invalidParams("Setting " + d.id() + " expects true or false, got " + value);
                }
                yield value.booleanValue();
            }
            case INT -> {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                    throw RcException.invalidParams("Setting " + d.id() + " expects a whole number, got " + value);
                }
                yield value.longValue();
            }
            case SELECT -> {
                if (!value.isTextual() || !d.choices().contains(value.textValue())) {
                    throw RcException.invalidParams("Setting " + d.id() + " expects one of " + d.choices() + ", got " + value);
                }
                yield value.textValue();
            }
            case STRING -> {
                if (!value.isTextual()) {
                    throw RcException.invalidParams("Setting " + d.id() + " expects a text, got " + value);
                }
                d.rule().problem(value.textValue()).ifPresent(problem -> {
                    throw RcException.invalidParams(problem);
                });
                yield value.textValue();
            }
        };
    }

    private String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("setting value not serialisable: " + value, e);
        }
    }

    private Object decode(String raw) {
        try {
            return json.readValue(raw, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored setting is not JSON: " + raw, e);
        }
    }
}

package dev.fedchat.server.settings;

import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code settings} table: one JSON value per id. */
public interface SettingDao {
    @SqlQuery("SELECT id, value_json FROM settings")
    @KeyColumn("id")
    @ValueColumn("value_json")
    Map<String, String> all();

    @SqlUpdate("UPDATE settings SET value_json = :value, updated_at = :now WHERE id = :id")
    int update(@Bind("id") String id, @Bind("value") String json, @Bind("now") long now);

    @SqlUpdate("INSERT INTO settings (id, value_json, updated_at) VALUES (:id, :value, :now)")
    void insert(@Bind("id") String id, @Bind("value") String json, @Bind("now") long now);
}

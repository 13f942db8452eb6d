package dev.fedchat.server.file;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code files} table. */
@RegisterConstructorMapper(StoredFile.class)
interface FileDao {
    @SqlUpdate("INSERT INTO files (id, room_id, user_id, name, type, size, width, height, message_id, created_at)"
            + " VALUES (:id, :roomId, :userId, :name, :type, :size, :width, :height, :messageId, :createdAt)")
    void insert(@BindMethods StoredFile file);

    @SqlQuery("SELECT id, room_id, user_id, name, type, size, width, height, message_id, created_at FROM files WHERE id = :id")
    Optional<StoredFile> byId(@Bind("id") String id);

    /** Forgets a file that never got its message. */
    @SqlUpdate("DELETE FROM files WHERE id = :id AND message_id IS NULL")
    int deleteStaged(@Bind("id") String id);

    /** Claims a staged file for its message; 0 when it was already confirmed. */
    @SqlUpdate("UPDATE files SET message_id = :messageId, name = :name WHERE id = :id AND message_id IS NULL")
    int confirm(@Bind("id") String id, @Bind("messageId") String messageId, @Bind("name") String name);
}

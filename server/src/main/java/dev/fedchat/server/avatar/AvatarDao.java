package dev.fedchat.server.avatar;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code user_avatars} table and the {@code users.avatar_etag} that mirrors it. */
@RegisterConstructorMapper(StoredAvatar.class)
interface AvatarDao {
    @SqlQuery("SELECT user_id, etag, image, updated_at FROM user_avatars WHERE user_id = :userId")
    Optional<StoredAvatar> byUser(@Bind("userId") String userId);

    @SqlUpdate("DELETE FROM user_avatars WHERE user_id = :userId")
    int delete(@Bind("userId") String userId);

    @SqlUpdate("INSERT INTO user_avatars (user_id, etag, image, updated_at) VALUES (:userId, :etag, :image, :updatedAt)")
    void insert(@Bind("userId") String userId, @Bind("etag") String etag, @Bind("image") byte[] image,
                @Bind("updatedAt") long updatedAt);

    @SqlUpdate("UPDATE users SET avatar_etag = :etag, updated_at = :updatedAt WHERE id = :userId")
    int setEtag(@Bind("userId") String userId, @Bind("etag") String etag, @Bind("updatedAt") long updatedAt);
}

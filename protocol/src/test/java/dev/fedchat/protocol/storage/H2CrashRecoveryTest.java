package dev.fedchat.protocol.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan before opening an embedded H2 file: only after an unclean stop, and it keeps what was
 * committed. (That H2 alone loses commits after a kill, and that the scan finds them, is shown on
 * the real server by {@code KillDuringPostingIT}.)
 */
class H2CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aCleanlyClosedFile_isNotScanned_andNotTouched() throws Exception {
        String url = url(dir.resolve("db"));
        commitRowsAndClose(url);

        assertLeftAlone(url);
    }

    @Test
    void theFileAKillLeaves_isScanned_keepsEveryCommit_andIsCleanAfterwards() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (Connection c = DriverManager.getConnection(url(dir.resolve("db")), "sa", "")) {
            commitRows(c, 200);
            // with WRITE_DELAY=0 the file between two commits is what kill -9 leaves behind
            Files.copy(dir.resolve("db.mv.db"), dir.resolve("crashed.mv.db"));
        }
        assertThat(H2CrashRecovery.closedCleanly(dir.resolve("crashed.mv.db"))).isFalse();

        assertThat(H2CrashRecovery.beforeOpen(url(crashed))).isTrue();

        assertThat(H2CrashRecovery.closedCleanly(dir.resolve("crashed.mv.db"))).isTrue();
        try (Connection c = DriverManager.getConnection(url(crashed), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(200);
            assertThat(rs.getInt(2)).isEqualTo(200);
        }
    }

    @Test
    void aFileInUse_isLeftToTheOpenThatReportsIt() throws Exception {
        String url = url(dir.resolve("db"));
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            commitRows(c, 5);

            assertLeftAlone(url);
        }
    }

    /** Not scanned, and not a byte of the file changed. */
    private void assertLeftAlone(String url) throws IOException {
        byte[] before = Files.readAllBytes(dir.resolve("db.mv.db"));
        assertThat(H2CrashRecovery.beforeOpen(url)).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("db.mv.db"))).isEqualTo(before);
    }

    @Test
    void otherDatabases_andAMissingFile_areLeftAlone() {
        assertThat(H2CrashRecovery.beforeOpen("jdbc:postgresql://127.0.0.1:5432/fedchat")).isFalse();
        assertThat(H2CrashRecovery.beforeOpen("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isFalse();
        assertThat(H2CrashRecovery.beforeOpen(url(dir.resolve("none")))).isFalse();
        assertThat(dir.resolve("none.mv.db")).doesNotExist();
    }

    /** As fedchat opens its embedded databases: every commit written before it returns. */
    private static String url(Path file) {
        return "jdbc:h2:file:" + file + ";MODE=PostgreSQL;WRITE_DELAY=0";
    }

    private static void commitRowsAndClose(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            commitRows(c, 20);
        }
    }

    private static void commitRows(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, v VARCHAR(4000))");
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO t VALUES (" + i + ", REPEAT('v', " + (i * 37 % 3000) + "))");
            }
        }
    }
}

package dev.fedchat.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.RemoteProfile;
import dev.fedchat.server.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link PresenceService} on a real server's database and a fake clock: how the
 * sessions, their idleness and the chosen default make the status shown; which changes reach the
 * listeners; a peer's word forgotten after an hour.
 */
class PresenceServiceTest {
    private static final ManualClock clock = new ManualClock(Instant.parse("2026-12-08T02:00:00Z"));
    private static TestServer server;
    private static PresenceService presence;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c, clock);
        presence = server.server().presence();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static User local(String name) {
        server.newUser(name);
        return server.server().users().requireByUsername(name);
    }

    @Test
    void theStatusShown_followsTheSessions_theirIdleness_andTheDefault() {
        User u = local("nia");
        List<String> told = new CopyOnWriteArrayList<>();
        presence.onChange(c -> {
            if (c.user().id().equals(u.id())) {
                told.add(c.presence().status().wire() + "/" + c.presence().connection().wire());
            }
        });

        presence.sessionStarted("s1", u);
        presence.sessionStarted("s2", u);
        presence.setIdle("s1", u, true);
        // one active session is enough to be online: no change, nobody told
        assertThat(presence.of(u).status()).isEqualTo(UserStatus.ONLINE);
        presence.setIdle("s2", u, true);
        assertThat(presence.of(u).status()).isEqualTo(UserStatus.AWAY);
        presence.setDefaultStatus(u, UserStatus.BUSY);
        assertThat(presence.of(u)).extracting(Presence::status, Presence::connection).containsExactly(UserStatus.BUSY, UserStatus.AWAY);
        presence.setIdle("unknown-session", u, false);
        presence.sessionEnded("s1", u);
        presence.sessionEnded("s2", u);
        presence.sessionEnded("s2", u);

        assertThat(told).containsExactly("online/online", "away/away", "busy/away", "offline/offline");
        assertThat(presence.of(u).text()).isNull();
    }

    @Test
    void aStatusText_isTrimmedAndCutAt120_andAnEmptyOneRemovesIt() {
        User u = local("ola");
        presence.setStatus(u, null, "  " + "x".repeat(130) + "  ");
        assertThat(presence.of(u).text()).hasSize(PresenceService.MAX_TEXT);
        presence.setStatus(u, null, "");
        assertThat(presence.of(u).text()).isNull();
        assertThat(presence.of(u).status()).as("no session: offline whatever the choice").isEqualTo(UserStatus.OFFLINE);
    }

    @Test
    void aPeersWordOnItsUser_holdsAnHour_thenTheUserIsOfflineAgain() {
        User remote = server.server().users().saveRemote(new RemoteProfile("remoteid000000001", "pia@peer.test", "Pia",
                "peer.test", clock.millis()));
        assertThat(presence.of(remote)).isEqualTo(Presence.UNKNOWN);

        presence.remoteChanged(remote, UserStatus.BUSY, "travelling");
        assertThat(presence.of(remote)).extracting(Presence::status, Presence::text).containsExactly(UserStatus.BUSY, "travelling");
        clock.advance(Duration.ofMinutes(59));
        assertThat(presence.of(remote).status()).isEqualTo(UserStatus.BUSY);
        clock.advance(Duration.ofMinutes(2));
        assertThat(presence.of(remote)).isEqualTo(Presence.UNKNOWN);
    }
}

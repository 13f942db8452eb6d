package dev.fedchat.server.federation.users;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserScope;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteUsers} between two real servers found through DNS: alpha searches and imports
 * beta's users (federation-protocol.md §6, §10).
 */
class RemoteUserImportTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static RemoteUsers remoteUsers;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        remoteUsers = alpha.server().remoteUsers();
        for (String[] u : new String[][] {{"bob", "Bob Builder"}, {"sam", "Sam Searcher"}, {"tim", "Tim Twice"}}) {
            beta.client().post("/api/v1/users.register", obj("username", u[0], "email", u[0] + ".real@beta.test",
                    "pass", u[0] + "-pass", "name", u[1])).expectOk();
        }
        alpha.newUser("alice");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void importUser_storesTheUserWithItsHomeId_qualifiedName_andNoEmailOrPassword() {
        User bobAtHome = beta.server().users().requireByUsername("bob");

        User bob = remoteUsers.importUser("bob@beta.test");

        assertThat(bob.id()).isEqualTo(bobAtHome.id());
        assertThat(bob.username()).isEqualTo("bob@beta.test");
        assertThat(bob.name()).isEqualTo("Bob Builder");
        assertThat(bob.email()).isNull();
        assertThat(bob.passwordHash()).isNull();
        assertThat(bob.roleList()).containsExactly(User.ROLE_USER);
        assertThat(bob.active()).isTrue();
        assertThat(bob.isRemote()).isTrue();
        assertThat(bob.federationOrigin()).isEqualTo("beta.test");
        assertThat(alpha.server().users().byId(bobAtHome.id())).contains(bob);
    }

    @Test
    void anImportedUser_cannotLogIn() {
        remoteUsers.importUser("bob@beta.test");

        for (Object login : List.of(obj("user", "bob@beta.test", "password", "bob-pass"),
                obj("username", "bob@beta.test", "password", "bob-pass"), obj("user", "bob", "password", "bob-pass"))) {
            alpha.client().post("/api/v1/login", login).expectError(401);
        }
    }

    @Test
    void importUser_twice_updatesTheSameUser_insteadOfAddingAnother() {
        User first = remoteUsers.importUser("tim@beta.test");
        User second = remoteUsers.importUser("TIM@beta.test");

        assertThat(second).isEqualTo(first);
        assertThat(alpha.server().users().search("tim@beta", UserScope.ALL, 10, 0)).extracting(User::id)
                .containsExactly(first.id());
    }

    @Test
    void importUser_ofOurOwnDomain_isTheLocalUser() {
        User alice = remoteUsers.importUser("alice@alpha.test");

        assertThat(alice.isRemote()).isFalse();
        assertThat(alice).isEqualTo(alpha.server().users().requireByUsername("alice"));
        assertThat(remoteUsers.search("ALICE@alpha.test")).containsExactly(alice);
    }

    @Test
    void importUser_unknownUser_isUserNotFound() {
        RcException e = rcError(() -> remoteUsers.importUser("nobody@beta.test"));

        assertThat(e.errorType()).isEqualTo("error-federation-user-not-found");
        assertThat(e.reason()).contains("nobody@beta.test");
        assertThat(rcError(() -> remoteUsers.importUser("nobody@alpha.test")).errorType())
                .isEqualTo("error-federation-user-not-found");
    }

    @Test
    void importUser_ofADomainWithNoServer_isPeerUnreachable_withTheReason() {
        RcException e = rcError(() -> remoteUsers.importUser("x@nowhere.test"));

        assertThat(e.errorType()).isEqualTo("error-federation-peer-unreachable");
        assertThat(e.reason()).startsWith("Could not reach nowhere.test: ").contains("nowhere.test");
    }

    @Test
    void importUser_ofAMalformedName_isInvalidUsername() {
        for (String name : List.of("bob", "bob@", "@beta.test", "bob@beta.test@gamma.test", "bob@not a domain")) {
            assertThat(rcError(() -> remoteUsers.importUser(name)).errorType()).as(name).isEqualTo("error-invalid-username");
        }
    }

    @Test
    void search_findsByExactUsernameOrName_neverByEmail_andStoresNothing() {
        String samId = beta.server().users().requireByUsername("sam").id();

        List<User> byName = remoteUsers.search("Sam Searcher@beta.test");
        List<User> byUsername = remoteUsers.search("SAM@beta.test");

        assertThat(byName).extracting(User::id).containsExactly(samId);
        assertThat(byUsername).extracting(User::id).containsExactly(samId);
        User sam = byUsername.get(0);
        assertThat(sam.username()).isEqualTo("sam@beta.test");
        assertThat(sam.federationOrigin()).isEqualTo("beta.test");
        assertThat(sam.email()).isNull();
        assertThat(remoteUsers.search("sam.real@beta.test")).isEmpty();
        assertThat(remoteUsers.search("Sam@beta.test")).extracting(User::id).containsExactly(samId);
        assertThat(remoteUsers.search("Sam Search@beta.test")).isEmpty();
        assertThat(alpha.server().users().byId(samId)).as("a search stores nothing").isEmpty();
    }

    @Test
    void whileOurFederationIsOff_importIsRefused_andSearchOnlyCoversOurOwnDomain() {
        try (TestServer off = TestServer.start()) {
            RemoteUsers offline = off.server().remoteUsers();

            assertThat(rcError(() -> offline.importUser("bob@beta.test")).errorType()).isEqualTo("error-federation-disabled");
            assertThat(offline.search("bob@beta.test")).isEmpty();
        }
    }

    static RcException rcError(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(RcException.class);
        assertThat(((RcException) t).status()).isEqualTo(400);
        return (RcException) t;
    }
}

package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fedchat.protocol.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sliding window per client address, on a clock moved by hand. */
class AddressLimiterTest {
    private final MutableClock clock = TestHub.clock();

    @Test
    void acquire_eachAddressHasItsOwnCount() {
        AddressLimiter limiter = new AddressLimiter(clock, HubLimits.PerAddress.perMinute(2), "lookups");
        limiter.acquire("192.0.2.1");
        limiter.acquire("192.0.2.1");
        assertThatThrownBy(() -> limiter.acquire("192.0.2.1")).isInstanceOf(RateLimitedException.class)
                .hasMessage("too many lookups from 192.0.2.1: at most 2 per 60 s; try again in 60 s");

        limiter.acquire("192.0.2.2");
        limiter.acquire("2001:db8::1");
        limiter.acquire("192.0.2.2");
        assertThatThrownBy(() -> limiter.acquire("192.0.2.2")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void acquire_countsAnIpv6ClientByItsSlash64_andIpv4AsItself() {
        AddressLimiter limiter = new AddressLimiter(clock, HubLimits.PerAddress.perMinute(2), "lookups");
        limiter.acquire("2001:db8:1:2::1");
        limiter.acquire("[2001:db8:1:2:aaaa:bbbb:cccc:dddd]"); // another address of the same /64
        assertThatThrownBy(() -> limiter.acquire("2001:db8:1:2:ffff::9")).isInstanceOf(RateLimitedException.class)
                .hasMessageStartingWith("too many lookups from 2001:db8:1:2::/64:");
        limiter.acquire("2001:db8:1:3::1"); // the next /64 is someone else

    }

    @Test
    void acquire_afterTheWindow_letsRequestsThroughAgain_andRefusalsDoNotCount() {
        AddressLimiter limiter = new AddressLimiter(clock, HubLimits.PerAddress.perMinute(2), "lookups");
        limiter.acquire("192.0.2.1");
        clock.advance(Duration.ofSeconds(45));
        limiter.acquire("192.0.2.1");
        RateLimitedException refused = catchThrowableOfType(() -> limiter.acquire("192.0.2.1"), RateLimitedException.class);
        assertThat(refused.retryAfterSeconds()).isEqualTo(15);
        assertThat(refused.repeated()).isFalse(); // logged
        assertThat(catchThrowableOfType(() -> limiter.acquire("192.0.2.1"), RateLimitedException.class).repeated())
                .isTrue(); // not logged again

        clock.advance(Duration.ofSeconds(15));
        limiter.acquire("192.0.2.1");
        // the refusal at 45 s was not counted: only the requests at 45 s and 60 s are in the window
        RateLimitedException again = catchThrowableOfType(() -> limiter.acquire("192.0.2.1"), RateLimitedException.class);
        assertThat(again.retryAfterSeconds()).isEqualTo(45);
        assertThat(again.repeated()).as("a request was let through since the last refusal").isFalse();
    }

    @Test
    void acquire_keepsTheTimesInOrder_whileTheirRingWrapsAndGrows() {
        AddressLimiter limiter = new AddressLimiter(clock, HubLimits.PerAddress.perMinute(10), "lookups");
        acquire(limiter, 3);
        clock.advance(Duration.ofSeconds(30));
        acquire(limiter, 1);
        // at 60 s the first three leave; the next nine wrap around the small ring, then make it grow
        clock.advance(Duration.ofSeconds(30));
        acquire(limiter, 9);
        assertThat(catchThrowableOfType(() -> limiter.acquire("192.0.2.1"), RateLimitedException.class)
                .retryAfterSeconds()).as("the oldest is the one at 30 s").isEqualTo(30);
        clock.advance(Duration.ofSeconds(30));
        acquire(limiter, 1);
        assertThat(catchThrowableOfType(() -> limiter.acquire("192.0.2.1"), RateLimitedException.class)
                .retryAfterSeconds()).as("the oldest are the nine at 60 s").isEqualTo(30);
    }

    private static void acquire(AddressLimiter limiter, int times) {
        for (int i = 0; i < times; i++) {
            limiter.acquire("192.0.2.1");
        }
    }

    @Test
    void acquire_keepsAHammeringAddressLimited_whileManyFreshAddressesPassThrough() {
        // an address at its limit cannot reset itself by making the hub see 10,000 others: the
        // bounded map forgets the addresses seen once, not the one that keeps coming back
        AddressLimiter limiter = new AddressLimiter(clock, HubLimits.PerAddress.perHour(3), "registrations");
        acquire(limiter, 3);
        for (int i = 0; i < 2 * AddressLimiter.MAX_ADDRESSES; i++) {
            limiter.acquire("address-" + i);
            if (i % 1000 == 0) {
                assertThatThrownBy(() -> limiter.acquire("192.0.2.1")).isInstanceOf(RateLimitedException.class);
            }
        }
        assertThatThrownBy(() -> limiter.acquire("192.0.2.1"))
                .isInstanceOf(RateLimitedException.class).hasMessageContaining("too many registrations");
        assertThat(limiter.tracked()).isLessThanOrEqualTo(AddressLimiter.MAX_ADDRESSES);
    }

    @Test
    void acquire_forgetsAnAddressSilentForAWholeWindow() {
        AddressLimiter limiter = new AddressLimiter(clock, HubLimits.PerAddress.perHour(3), "registrations");
        acquire(limiter, 3);
        clock.advance(Duration.ofMinutes(59));
        assertThat(limiter.tracked()).as("still inside the window").isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.tracked()).as("every request has left the window").isZero();
        acquire(limiter, 3);
    }
}

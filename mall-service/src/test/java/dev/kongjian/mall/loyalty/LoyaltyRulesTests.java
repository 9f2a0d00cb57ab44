package dev.kongjian.mall.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import dev.kongjian.mall.MallProperties;

class LoyaltyRulesTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    private final LoyaltyRules rules = new LoyaltyRules(
            new MallProperties(100_000, 10, 2, 10, 5, 2, 50, false, Duration.ofMinutes(2)));

    @Test
    void aStreakGrowsOnlyFromYesterday() {
        assertThat(LoyaltyRules.streakAfterCheckIn(null, 0, TODAY)).isEqualTo(1);
        assertThat(LoyaltyRules.streakAfterCheckIn(TODAY.minusDays(1), 4, TODAY)).isEqualTo(5);
        assertThat(LoyaltyRules.streakAfterCheckIn(TODAY.minusDays(2), 4, TODAY)).isEqualTo(1);
    }

    @Test
    void aStreakStandsUntilAWholeDayIsMissed() {
        assertThat(LoyaltyRules.currentStreak(TODAY, 3, TODAY)).isEqualTo(3);
        assertThat(LoyaltyRules.currentStreak(TODAY.minusDays(1), 3, TODAY)).isEqualTo(3);
        assertThat(LoyaltyRules.currentStreak(TODAY.minusDays(2), 3, TODAY)).isZero();
        assertThat(LoyaltyRules.currentStreak(null, 0, TODAY)).isZero();
    }

    @Test
    void aCheckInIsWorthMoreEachDayOfTheStreakUpToACeiling() {
        assertThat(rules.checkInAward(1)).isEqualTo(10);
        assertThat(rules.checkInAward(2)).isEqualTo(12);
        assertThat(rules.checkInAward(6)).isEqualTo(20);
        assertThat(rules.checkInAward(60)).isEqualTo(20);
    }

    @Test
    void theLevelFollowsThePointsEverEarned() {
        assertThat(LoyaltyRules.level(0)).isEqualTo(1);
        assertThat(LoyaltyRules.level(99)).isEqualTo(1);
        assertThat(LoyaltyRules.level(100)).isEqualTo(2);
        assertThat(LoyaltyRules.level(2_999)).isEqualTo(4);
        assertThat(LoyaltyRules.level(1_000_000)).isEqualTo(7);
    }
}

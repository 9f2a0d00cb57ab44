package dev.kongjian.mall.loyalty;

import java.time.LocalDate;

import dev.kongjian.mall.MallProperties;

/** The arithmetic of loyalty: streaks, what a check-in is worth, and the level points earned reach. */
final class LoyaltyRules {

    /** Points earned (ever) at which each level starts: level 1 at 0, level 2 at 100, … */
    static final long[] LEVEL_STARTS = { 0, 100, 300, 1_000, 3_000, 10_000, 30_000 };

    private final MallProperties properties;

    LoyaltyRules(MallProperties properties) {
        this.properties = properties;
    }

    /** The streak after checking in on {@code today}, given the last check-in before it (null if none). */
    static int streakAfterCheckIn(LocalDate lastCheckIn, int streakDays, LocalDate today) {
        return lastCheckIn != null && lastCheckIn.plusDays(1).equals(today) ? streakDays + 1 : 1;
    }

    /** The streak as it stands on {@code today}: broken once a whole day passed without a check-in. */
    static int currentStreak(LocalDate lastCheckIn, int streakDays, LocalDate today) {
        return lastCheckIn != null && !lastCheckIn.plusDays(1).isBefore(today) ? streakDays : 0;
    }

    /** A base, and a bonus for each day of streak after the first, up to a ceiling. */
    int checkInAward(int streakDays) {
        long bonus = Math.min((long) properties.streakBonusPoints() * (streakDays - 1), properties.streakBonusMax());
        return properties.checkInPoints() + (int) Math.max(0, bonus);
    }

    static int level(long pointsEarned) {
        int level = 0;
        while (level < LEVEL_STARTS.length && pointsEarned >= LEVEL_STARTS[level]) {
            level++;
        }
        return level;
    }
}

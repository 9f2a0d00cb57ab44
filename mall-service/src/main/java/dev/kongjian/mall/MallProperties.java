package dev.kongjian.mall;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the mall behaves: the largest single top-up; the points a check-in awards (a base, plus a
 * bonus per day of streak up to a ceiling); the points activity earns (a post written, a comment
 * received) and their daily cap; whether an empty catalog is filled with the starter items; and
 * how old an unfinished order or ledger entry must be before it is taken as abandoned by a
 * crashed instance and repaired.
 */
@ConfigurationProperties("kongjian.mall")
public record MallProperties(
        @DefaultValue("100000") long maxTopUpCoins,
        @DefaultValue("10") int checkInPoints,
        @DefaultValue("2") int streakBonusPoints,
        @DefaultValue("10") int streakBonusMax,
        @DefaultValue("5") int postPoints,
        @DefaultValue("2") int commentReceivedPoints,
        @DefaultValue("50") int activityDailyCap,
        @DefaultValue("true") boolean seedCatalog,
        @DefaultValue("2m") Duration repairAfter) {
}

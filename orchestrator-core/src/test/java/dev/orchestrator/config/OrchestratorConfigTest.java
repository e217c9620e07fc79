package dev.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.event.BaseEvent;
import dev.orchestrator.event.JobProgressEvent;
import dev.orchestrator.event.JobSuccessEvent;
import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.ConsoleLogger;
import dev.orchestrator.logging.LogLevel;
import dev.orchestrator.logging.NoOpLogger;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins OrchestratorConfig (logger, circuit-breaker limits): defaults, type limits, validation, immutability, no static state. */
class OrchestratorConfigTest {

    static final class MouseMovementEvent extends BaseEvent {
        MouseMovementEvent() {
            super("mouse");
        }
    }

    static final class FastMouseMovementEvent extends BaseEvent {
        FastMouseMovementEvent() {
            super("mouse");
        }
    }

    static final class ReportJob extends BaseJob {}

    static final class OtherJob extends BaseJob {}

    @Test
    void defaultsAreTheDocumentedOnes() {
        OrchestratorConfig config = OrchestratorConfig.ofDefaults();

        assertThat(config.maxEventsPerSecond()).isEqualTo(50);
        assertThat(config.typeLimits()).isEmpty();
        assertThat(config.executionPoolSize())
                .isEqualTo(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));
        assertThat(config.executionQueueCapacity()).isEqualTo(10_000);
        assertThat(config.historyMaxSize()).isEqualTo(1_000);
        assertThat(config.historyTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.jobDefaults()).isEmpty();
        assertThat(config.logger()).isInstanceOf(ConsoleLogger.class);
        assertThat(((ConsoleLogger) config.logger()).minLevel()).isEqualTo(LogLevel.INFO);
        assertThat(config.clock()).isNotNull();
    }

    @Test
    void customStartsFromTheDefaults() {
        OrchestratorConfig config = OrchestratorConfig.custom().build();

        assertThat(config.maxEventsPerSecond()).isEqualTo(OrchestratorConfig.DEFAULT_MAX_EVENTS_PER_SECOND);
        assertThat(config.historyMaxSize()).isEqualTo(OrchestratorConfig.DEFAULT_HISTORY_MAX_SIZE);
        assertThat(config.historyTtl()).isEqualTo(OrchestratorConfig.DEFAULT_HISTORY_TTL);
        assertThat(config.executionPoolSize()).isEqualTo(OrchestratorConfig.DEFAULT_EXECUTION_POOL_SIZE);
        assertThat(config.executionQueueCapacity()).isEqualTo(OrchestratorConfig.DEFAULT_EXECUTION_QUEUE_CAPACITY);
    }

    @Test
    void limitForUsesTheTypesOwnLimitElseTheGlobalOne() {
        OrchestratorConfig config = OrchestratorConfig.custom()
                .maxEventsPerSecond(100)
                .typeLimit(MouseMovementEvent.class, 500)
                .build();

        assertThat(config.limitFor(MouseMovementEvent.class)).isEqualTo(500);
        assertThat(config.limitFor(JobSuccessEvent.class)).isEqualTo(100);
        assertThat(config.limitFor(FastMouseMovementEvent.class)).isEqualTo(100);
        assertThat(config.typeLimits()).containsExactly(Map.entry(MouseMovementEvent.class, 500));
    }

    @Test
    void typeLimitAppliesToTheExactTypeOnly() {
        OrchestratorConfig config =
                OrchestratorConfig.custom().typeLimit(BaseEvent.class, 5).build();

        assertThat(config.limitFor(BaseEvent.class)).isEqualTo(5);
        assertThat(config.limitFor(MouseMovementEvent.class)).isEqualTo(50);
    }

    @Test
    void laterTypeLimitForTheSameTypeWins() {
        OrchestratorConfig config = OrchestratorConfig.custom()
                .typeLimit(MouseMovementEvent.class, 500)
                .typeLimit(MouseMovementEvent.class, 7)
                .build();

        assertThat(config.limitFor(MouseMovementEvent.class)).isEqualTo(7);
    }

    @Test
    void settersAreReflectedByTheAccessors() {
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
        JobDefaults defaults = JobDefaults.of(Duration.ofSeconds(3), RetryPolicy.none());
        OrchestratorConfig config = OrchestratorConfig.custom()
                .maxEventsPerSecond(1)
                .logger(NoOpLogger.INSTANCE)
                .executionPoolSize(1)
                .executionQueueCapacity(1)
                .historyMaxSize(0)
                .historyTtl(Duration.ofNanos(1))
                .jobDefaults(ReportJob.class, defaults)
                .clock(clock)
                .build();

        assertThat(config.maxEventsPerSecond()).isEqualTo(1);
        assertThat(config.logger()).isSameAs(NoOpLogger.INSTANCE);
        assertThat(config.executionPoolSize()).isEqualTo(1);
        assertThat(config.executionQueueCapacity()).isEqualTo(1);
        assertThat(config.historyMaxSize()).isZero();
        assertThat(config.historyTtl()).isEqualTo(Duration.ofNanos(1));
        assertThat(config.jobDefaultsFor(ReportJob.class)).isSameAs(defaults);
        assertThat(config.jobDefaultsFor(OtherJob.class)).isSameAs(JobDefaults.none());
        assertThat(config.clock()).isSameAs(clock);
    }

    @Test
    void mapsAreUnmodifiable() {
        OrchestratorConfig config = OrchestratorConfig.custom()
                .typeLimit(MouseMovementEvent.class, 500)
                .jobDefaults(ReportJob.class, JobDefaults.none())
                .build();

        assertThatThrownBy(() -> config.typeLimits().put(JobProgressEvent.class, 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.typeLimits().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.jobDefaults().put(OtherJob.class, JobDefaults.none()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(config.limitFor(MouseMovementEvent.class)).isEqualTo(500);
    }

    @Test
    void builderChangesAfterBuildDoNotAffectTheBuiltConfig() {
        OrchestratorConfig.Builder builder =
                OrchestratorConfig.custom().maxEventsPerSecond(10).typeLimit(MouseMovementEvent.class, 20);
        OrchestratorConfig built = builder.build();

        builder.maxEventsPerSecond(99)
                .typeLimit(MouseMovementEvent.class, 999)
                .typeLimit(FastMouseMovementEvent.class, 5)
                .jobDefaults(ReportJob.class, JobDefaults.of(Duration.ofSeconds(1), null))
                .historyMaxSize(3);

        assertThat(built.maxEventsPerSecond()).isEqualTo(10);
        assertThat(built.limitFor(MouseMovementEvent.class)).isEqualTo(20);
        assertThat(built.limitFor(FastMouseMovementEvent.class)).isEqualTo(10);
        assertThat(built.typeLimits()).hasSize(1);
        assertThat(built.jobDefaults()).isEmpty();
        assertThat(built.historyMaxSize()).isEqualTo(1_000);
    }

    @Test
    void fromCopiesEverySettingAndLeavesTheBaseUnchanged() {
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        JobDefaults defaults = JobDefaults.of(Duration.ofMillis(40), null);
        OrchestratorConfig base = OrchestratorConfig.custom()
                .maxEventsPerSecond(77)
                .typeLimit(MouseMovementEvent.class, 300)
                .logger(NoOpLogger.INSTANCE)
                .executionPoolSize(3)
                .executionQueueCapacity(30)
                .historyMaxSize(12)
                .historyTtl(Duration.ofMinutes(2))
                .jobDefaults(ReportJob.class, defaults)
                .clock(clock)
                .build();

        OrchestratorConfig copy = OrchestratorConfig.from(base).build();
        OrchestratorConfig changed = OrchestratorConfig.from(base)
                .maxEventsPerSecond(1)
                .typeLimit(FastMouseMovementEvent.class, 2)
                .jobDefaults(OtherJob.class, JobDefaults.none())
                .build();

        assertThat(copy.maxEventsPerSecond()).isEqualTo(77);
        assertThat(copy.typeLimits()).isEqualTo(base.typeLimits());
        assertThat(copy.logger()).isSameAs(NoOpLogger.INSTANCE);
        assertThat(copy.executionPoolSize()).isEqualTo(3);
        assertThat(copy.executionQueueCapacity()).isEqualTo(30);
        assertThat(copy.historyMaxSize()).isEqualTo(12);
        assertThat(copy.historyTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(copy.jobDefaultsFor(ReportJob.class)).isSameAs(defaults);
        assertThat(copy.clock()).isSameAs(clock);
        assertThat(changed.limitFor(MouseMovementEvent.class)).isEqualTo(300);
        assertThat(changed.limitFor(FastMouseMovementEvent.class)).isEqualTo(2);
        assertThat(base.maxEventsPerSecond()).isEqualTo(77);
        assertThat(base.typeLimits()).containsOnlyKeys(MouseMovementEvent.class);
        assertThat(base.jobDefaults()).containsOnlyKeys(ReportJob.class);
    }

    @Test
    void twoConfigsInOneJvmAreIndependentAndLeaveTheDefaultsAlone() {
        OrchestratorConfig first = OrchestratorConfig.custom()
                .maxEventsPerSecond(100)
                .typeLimit(MouseMovementEvent.class, 500)
                .build();

        OrchestratorConfig second = OrchestratorConfig.custom()
                .maxEventsPerSecond(3)
                .typeLimit(MouseMovementEvent.class, 4)
                .typeLimit(FastMouseMovementEvent.class, 9)
                .historyMaxSize(1)
                .build();

        assertThat(first.maxEventsPerSecond()).isEqualTo(100);
        assertThat(first.limitFor(MouseMovementEvent.class)).isEqualTo(500);
        assertThat(first.limitFor(FastMouseMovementEvent.class)).isEqualTo(100);
        assertThat(first.historyMaxSize()).isEqualTo(1_000);
        assertThat(second.limitFor(MouseMovementEvent.class)).isEqualTo(4);
        assertThat(OrchestratorConfig.ofDefaults().maxEventsPerSecond()).isEqualTo(50);
        assertThat(OrchestratorConfig.ofDefaults().typeLimits()).isEmpty();
        assertThat(OrchestratorConfig.ofDefaults().limitFor(MouseMovementEvent.class))
                .isEqualTo(50);
        assertThat(OrchestratorConfig.custom().build().limitFor(MouseMovementEvent.class))
                .isEqualTo(50);
    }

    @Test
    void eachBuilderGetsItsOwnConsoleLoggerWhenNoneIsGiven() {
        assertThat(OrchestratorConfig.custom().build().logger())
                .isNotSameAs(OrchestratorConfig.custom().build().logger());
    }

    @Test
    void maxEventsPerSecondBelowOneIsRejectedNamingParameterAndValue() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().maxEventsPerSecond(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEventsPerSecond")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> OrchestratorConfig.custom().maxEventsPerSecond(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEventsPerSecond")
                .hasMessageContaining("-5");
    }

    @Test
    void typeLimitBelowOneIsRejectedNamingTheTypeAndValue() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().typeLimit(MouseMovementEvent.class, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("typeLimit")
                .hasMessageContaining(MouseMovementEvent.class.getName())
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> OrchestratorConfig.custom().typeLimit(null, 5))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("eventType");
    }

    @Test
    void poolQueueAndHistoryValidationNamesParameterAndValue() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().executionPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executionPoolSize")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> OrchestratorConfig.custom().executionQueueCapacity(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executionQueueCapacity")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> OrchestratorConfig.custom().historyMaxSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("historyMaxSize")
                .hasMessageContaining("-1");
    }

    @Test
    void historyTtlMustBePositive() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().historyTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("historyTtl")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> OrchestratorConfig.custom().historyTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("historyTtl")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> OrchestratorConfig.custom().historyTtl(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("historyTtl");
    }

    @Test
    void nullsAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> OrchestratorConfig.custom().logger(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("logger");
        assertThatThrownBy(() -> OrchestratorConfig.custom().clock(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clock");
        assertThatThrownBy(() -> OrchestratorConfig.custom().jobDefaults(null, JobDefaults.none()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("jobType");
        assertThatThrownBy(() -> OrchestratorConfig.custom().jobDefaults(ReportJob.class, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("defaults");
        assertThatThrownBy(() -> OrchestratorConfig.from(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("base");
    }

    @Test
    void lookupsRejectANullTypeNamingTheParameter() {
        OrchestratorConfig config = OrchestratorConfig.ofDefaults();

        assertThatThrownBy(() -> config.limitFor(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("eventType");
        assertThatThrownBy(() -> config.jobDefaultsFor(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("jobType");
    }

    @Test
    void rejectedValueLeavesTheBuilderUnchanged() {
        OrchestratorConfig.Builder builder = OrchestratorConfig.custom().maxEventsPerSecond(9);

        assertThatThrownBy(() -> builder.maxEventsPerSecond(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.typeLimit(MouseMovementEvent.class, 0))
                .isInstanceOf(IllegalArgumentException.class);

        OrchestratorConfig config = builder.build();
        assertThat(config.maxEventsPerSecond()).isEqualTo(9);
        assertThat(config.typeLimits()).isEmpty();
    }

    @Test
    void toStringShowsTheLimits() {
        OrchestratorConfig config = OrchestratorConfig.custom()
                .maxEventsPerSecond(70)
                .typeLimit(MouseMovementEvent.class, 500)
                .build();

        assertThat(config.toString()).contains("maxEventsPerSecond=70", "MouseMovementEvent", "500");
    }
}

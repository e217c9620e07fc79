package dev.orchestrator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrator.cancellation.CancellationToken;
import dev.orchestrator.logging.LogText;
import dev.orchestrator.retry.RetryPolicy;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins JobOptions (DESIGN "Core concepts" BaseJob options, contract point 11): optional id, timeout, token, retry and metadata, validated and immutable. */
class JobOptionsTest {

    @Test
    void noneSetsNothing() {
        JobOptions none = JobOptions.none();

        assertThat(none.id()).isEmpty();
        assertThat(none.timeout()).isEmpty();
        assertThat(none.cancellationToken()).isEmpty();
        assertThat(none.retryPolicy()).isEmpty();
        assertThat(none.metadata()).isEmpty();
        assertThat(JobOptions.builder().build().id()).isEmpty();
    }

    @Test
    void builderKeepsEveryValue() {
        CancellationToken token = new CancellationToken();
        RetryPolicy policy = RetryPolicy.custom().maxRetries(1).build();

        JobOptions options = JobOptions.builder()
                .id("upload-1")
                .timeout(Duration.ofMillis(300))
                .cancellationToken(token)
                .retryPolicy(policy)
                .metadata("user", "ada")
                .metadata("size", 42)
                .build();

        assertThat(options.id()).contains("upload-1");
        assertThat(options.timeout()).contains(Duration.ofMillis(300));
        assertThat(options.cancellationToken()).containsSame(token);
        assertThat(options.retryPolicy()).containsSame(policy);
        assertThat(options.metadata()).containsOnly(Map.entry("user", "ada"), Map.entry("size", 42));
    }

    @Test
    void laterMetadataValueForTheSameKeyWins() {
        JobOptions options =
                JobOptions.builder().metadata("k", 1).metadata("k", 2).build();

        assertThat(options.metadata()).containsOnly(Map.entry("k", 2));
    }

    @Test
    void metadataIsUnmodifiable() {
        JobOptions options = JobOptions.builder().metadata("k", "v").build();

        assertThatThrownBy(() -> options.metadata().put("other", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.metadata().remove("k")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> JobOptions.none().metadata().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderChangesAfterBuildDoNotAffectBuiltOptions() {
        JobOptions.Builder builder = JobOptions.builder().id("a").metadata("k", "v");
        JobOptions built = builder.build();

        builder.id("b").metadata("k", "changed").metadata("new", 1).timeout(Duration.ofSeconds(1));

        assertThat(built.id()).contains("a");
        assertThat(built.metadata()).containsOnly(Map.entry("k", "v"));
        assertThat(built.timeout()).isEmpty();
    }

    @Test
    void allFieldsAreFinal() {
        for (Field field : JobOptions.class.getDeclaredFields()) {
            assertThat(Modifier.isFinal(field.getModifiers()))
                    .as(field.getName())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", " ", "\t", "  \n ", "order 7", "order/7", "réservation", "a\n[ERROR] forged", "'; drop"})
    void idOutsideTheDocumentedCharactersIsRejectedShowingTheQuotedValueAndTheRule(String id) {
        assertThatThrownBy(() -> JobOptions.builder().id(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "id must be 1 to 128 characters, each a letter or digit (ASCII) or one of . _ - :")
                .hasMessageContaining("was " + LogText.quote(id))
                .hasMessageNotContaining("\n");
    }

    @Test
    void isValidIdAnswersTheSameRuleWithoutThrowing() {
        assertThat(JobOptions.isValidId("550e8400-e29b-41d4-a716-446655440000")).isTrue();
        assertThat(JobOptions.isValidId("order-7:retry_2.a")).isTrue();
        assertThat(JobOptions.isValidId("x".repeat(JobOptions.MAX_ID_LENGTH))).isTrue();
        assertThat(JobOptions.isValidId("x".repeat(JobOptions.MAX_ID_LENGTH + 1)))
                .isFalse();
        assertThat(JobOptions.isValidId("")).isFalse();
        assertThat(JobOptions.isValidId("a b")).isFalse();
        assertThat(JobOptions.isValidId("a\n[ERROR]")).isFalse();
        assertThat(JobOptions.isValidId(null)).isFalse();
    }

    @Test
    void idLongerThanTheLimitIsRejectedWithItsLengthAndACutValue() {
        String justOver = "x".repeat(JobOptions.MAX_ID_LENGTH + 1);
        String huge = "x".repeat(5_000);

        assertThatThrownBy(() -> JobOptions.builder().id(justOver))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(129 characters)");
        assertThatThrownBy(() -> JobOptions.builder().id(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("…(4800 more) (5000 characters)")
                .hasMessageNotContaining(huge);
    }

    @Test
    void idOfEveryAllowedCharacterUpToTheLimitIsAccepted() {
        String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:";
        String id = (allowed + allowed).substring(0, JobOptions.MAX_ID_LENGTH);

        assertThat(JobOptions.builder().id(id).build().id()).contains(id);
        assertThat(JobOptions.builder()
                        .id("550e8400-e29b-41d4-a716-446655440000")
                        .build()
                        .id())
                .contains("550e8400-e29b-41d4-a716-446655440000");
    }

    @Test
    void nullIdIsRejectedNamingIt() {
        assertThatThrownBy(() -> JobOptions.builder().id(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("id");
    }

    @Test
    void zeroTimeoutIsRejectedWithTheValue() {
        assertThatThrownBy(() -> JobOptions.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("PT0S");
    }

    @Test
    void negativeTimeoutIsRejectedWithTheValue() {
        assertThatThrownBy(() -> JobOptions.builder().timeout(Duration.ofMillis(-250)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout")
                .hasMessageContaining("PT-0.25S");
    }

    @Test
    void nullsAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> JobOptions.builder().timeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> JobOptions.builder().cancellationToken(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cancellationToken");
        assertThatThrownBy(() -> JobOptions.builder().retryPolicy(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retryPolicy");
        assertThatThrownBy(() -> JobOptions.builder().metadata(null, "v"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("metadata key");
    }

    @Test
    void nullMetadataValueIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> JobOptions.builder().metadata("tenant", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("metadata value")
                .hasMessageContaining("'tenant'");
    }

    @Test
    void rejectedValueLeavesTheBuilderUnchanged() {
        JobOptions.Builder builder = JobOptions.builder().id("kept").timeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> builder.id(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.metadata("k", null)).isInstanceOf(NullPointerException.class);

        JobOptions options = builder.build();
        assertThat(options.id()).contains("kept");
        assertThat(options.timeout()).contains(Duration.ofSeconds(2));
        assertThat(options.metadata()).isEmpty();
    }

    @Test
    void metadataKeepsInsertionOrder() {
        JobOptions options = JobOptions.builder()
                .metadata("zeta", 1)
                .metadata("alpha", 2)
                .metadata("mid", 3)
                .build();

        assertThat(options.metadata().keySet()).containsExactly("zeta", "alpha", "mid");
    }
}

package dev.orchestrator.dashboard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashboardPageTest {

    @Test
    void theEndpointIsRelativeToThePageWhateverItsDepth() {
        assertThat(DashboardPage.relative("/orchestrator", "/actuator/orchestrator"))
                .isEqualTo("../actuator/orchestrator");
        assertThat(DashboardPage.relative("/ops/jobs", "/manage/orchestrator")).isEqualTo("../../manage/orchestrator");
        assertThat(DashboardPage.relative("/a/b/c", "/orchestrator")).isEqualTo("../../../orchestrator");
    }

    @Test
    void theBarePathRedirectsRelativelyToItsLastSegmentWithASlash() {
        assertThat(page("/orchestrator").redirect()).isEqualTo("orchestrator/");
        assertThat(page("/ops/jobs").redirect()).isEqualTo("jobs/");
    }

    @Test
    void theSettingsAreWrittenIntoThePageEscaped() {
        DashboardPage page =
                new DashboardPage("/ops/jobs", "/actuator/orchestrator", Duration.ofMillis(750), "a <b> & \"c\"");
        assertThat(page.index())
                .contains("<meta name=\"orchestrator-endpoint\" content=\"../../actuator/orchestrator\">")
                .contains("<meta name=\"orchestrator-refresh\" content=\"750\">")
                .contains("<meta name=\"orchestrator-problem\" content=\"a &lt;b&gt; &amp; &quot;c&quot;\">")
                .doesNotContain("{{");
        assertThat(page.script()).contains("orchestrator-endpoint");
        assertThat(page.style()).contains(".progress");
    }

    @Test
    void withoutAnEndpointThePageGetsNoURLButTheProblem() {
        DashboardPage page = new DashboardPage("/orchestrator", null, Duration.ofSeconds(1), "not exposed");
        assertThat(page.index())
                .contains("<meta name=\"orchestrator-endpoint\" content=\"\">")
                .contains("content=\"not exposed\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orchestrator", "/ops/jobs", "/a.b/c_d-e", "/x"})
    void validPaths(String path) {
        assertThat(DashboardPage.isValidPath(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/",
                "orchestrator",
                "/orchestrator/",
                "//x",
                "/a/../b",
                "/..",
                "/.",
                "/a b",
                "/a?b",
                "/{x}",
                "/a/*"
            })
    void invalidPaths(String path) {
        assertThat(DashboardPage.isValidPath(path)).isFalse();
    }

    private static DashboardPage page(String path) {
        return new DashboardPage(path, "/actuator/orchestrator", Duration.ofSeconds(1), null);
    }
}

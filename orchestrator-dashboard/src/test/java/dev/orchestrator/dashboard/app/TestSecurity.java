package dev.orchestrator.dashboard.app;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Spring Security is on the tests' class path. Without the {@code secured} profile the application
 * lets everyone in (as an application without Spring Security would); with it, reading is open to
 * everyone, cancelling (DELETE on Actuator) needs the role OPS, users sign in with a form, and CSRF
 * protection stays on in the single-page-application style that the dashboard supports.
 */
@Configuration(proxyBeanMethods = false)
public class TestSecurity {

    /** The user with the role OPS. */
    public static final String OPS = "ops";

    /** Every user's password. */
    public static final String PASSWORD = "secret";

    @Bean
    @Profile("!secured")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain openToEveryone(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean
    @Profile("!secured")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    SecurityWebFilterChain openToEveryoneReactive(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    @Bean
    @Profile("secured")
    SecurityFilterChain readOpenCancelForOps(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.DELETE, "/actuator/**")
                        .hasRole("OPS")
                        .anyRequest()
                        .permitAll())
                .formLogin(Customizer.withDefaults())
                .csrf(csrf -> csrf.spa())
                .build();
    }

    @Bean
    @Profile("secured")
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername(OPS)
                        .password("{noop}" + PASSWORD)
                        .roles("OPS")
                        .build(),
                User.withUsername("viewer")
                        .password("{noop}" + PASSWORD)
                        .roles("VIEWER")
                        .build());
    }
}

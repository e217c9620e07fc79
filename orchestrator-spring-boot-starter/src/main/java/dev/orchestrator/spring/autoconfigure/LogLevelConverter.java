package dev.orchestrator.spring.autoconfigure;

import dev.orchestrator.logging.LogLevel;
import java.util.Locale;
import org.springframework.core.convert.converter.Converter;

/**
 * Reads {@code orchestrator.logging.level}: the core's names ({@code debug}, {@code info},
 * {@code warning}, {@code error}) in any case, and SLF4J's {@code warn} as an alias of
 * {@code warning}, since that is what Spring Boot users write for {@code logging.level.*}.
 */
final class LogLevelConverter implements Converter<String, LogLevel> {

    @Override
    public LogLevel convert(String source) {
        String name = source.trim().toUpperCase(Locale.ROOT);
        if (name.equals("WARN")) {
            return LogLevel.WARNING;
        }
        try {
            return LogLevel.valueOf(name);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    "'" + source + "' is not a log level; use debug, info, warn (or warning) or error", ex);
        }
    }
}

package dev.orchestrator.sample.modules;

import dev.orchestrator.sample.live.Versioned;
import org.jspecify.annotations.Nullable;

/**
 * What one module (auth, chat, cart) shows on the page. Immutable.
 *
 * @param module the module's name
 * @param version counts the changes
 * @param user the user it is about, or {@code null} before anyone logged in
 * @param status one line about where the module is
 * @param detail what it loaded, or {@code null}
 */
public record ModuleState(
        String module,
        long version,
        @Nullable String user,
        String status,
        @Nullable String detail) implements Versioned {

    static ModuleState initial(String module, String status) {
        return new ModuleState(module, 0, null, status, null);
    }

    ModuleState next(@Nullable String newUser, String newStatus, @Nullable String newDetail) {
        return new ModuleState(module, version + 1, newUser, newStatus, newDetail);
    }
}

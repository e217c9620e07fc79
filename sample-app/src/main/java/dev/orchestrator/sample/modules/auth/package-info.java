/** The auth module: logging in, on its own scoped bus, publishing a global event. */
@NullMarked
package dev.orchestrator.sample.modules.auth;

import org.jspecify.annotations.NullMarked;

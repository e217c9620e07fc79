/** Modules on scoped buses: base types shared by the auth, chat and cart modules. */
@NullMarked
package dev.orchestrator.sample.modules;

import org.jspecify.annotations.NullMarked;

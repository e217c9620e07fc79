/** The chat module: reacts to logins on its own scoped bus. */
@NullMarked
package dev.orchestrator.sample.modules.chat;

import org.jspecify.annotations.NullMarked;

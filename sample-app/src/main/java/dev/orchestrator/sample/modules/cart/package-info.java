/** The cart module: reacts to logins on its own scoped bus. */
@NullMarked
package dev.orchestrator.sample.modules.cart;

import org.jspecify.annotations.NullMarked;

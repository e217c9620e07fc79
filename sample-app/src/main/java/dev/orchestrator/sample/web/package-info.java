/** The REST API and its problem details. */
@NullMarked
package dev.orchestrator.sample.web;

import org.jspecify.annotations.NullMarked;

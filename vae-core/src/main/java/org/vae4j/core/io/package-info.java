/** File helpers: atomic writes (temporary file + rename) so no half-written artifact is ever seen. */
package org.vae4j.core.io;

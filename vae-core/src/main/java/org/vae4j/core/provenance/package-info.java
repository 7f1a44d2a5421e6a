/** Provenance records carried by saved models and evaluation reports. */
package org.vae4j.core.provenance;

/**
 * Research recipes: reproducible experiments from Kingma and Welling (2013), Burda, Grosse and
 * Salakhutdinov (2015) and Loaiza-Ganem and Cunningham (2019), plus an anomaly ranking and the
 * {@code smoke} install check. Each gives a VaeConfig, settings and data; every value can be
 * overridden.
 */
package org.vae4j.examples.recipes;

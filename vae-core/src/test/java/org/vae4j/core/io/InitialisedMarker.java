package org.vae4j.core.io;

/** A class whose initialisation the untrusted-JSON tests can see: it sets a system property. */
public final class InitialisedMarker {

    public static final String PROPERTY = "vae4j.test.markerInitialised";

    static {
        System.setProperty(PROPERTY, "yes");
    }

    private InitialisedMarker() {
    }
}

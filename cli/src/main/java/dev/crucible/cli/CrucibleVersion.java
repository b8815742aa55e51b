package dev.crucible.cli;

import picocli.CommandLine.IVersionProvider;

/** Version text for {@code crucible --version}: the jar's version and the running JVM. */
public final class CrucibleVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Crucible.class.getPackage().getImplementationVersion();
        return new String[] {
            "crucible " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
        };
    }
}

package io.agentix.incident.localstack.registry;

/**
 * A version as the REST API names it: a number from 1 to 2^31-1, or {@code latest} (also spelled
 * {@code -1}, as Confluent accepts).
 */
record VersionId(int number) {

    static final VersionId LATEST = new VersionId(-1);

    /** Throws {@link RegistryException} 42202 when {@code text} is neither a valid number nor "latest". */
    static VersionId parse(String text) {
        if ("latest".equalsIgnoreCase(text) || "-1".equals(text)) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 1) {
                return new VersionId(number);
            }
        } catch (NumberFormatException e) {
            // Falls through to the API's own error.
        }
        throw RegistryException.invalidVersion(text);
    }

    boolean isLatest() {
        return number == -1;
    }

    @Override
    public String toString() {
        return isLatest() ? "latest" : String.valueOf(number);
    }
}

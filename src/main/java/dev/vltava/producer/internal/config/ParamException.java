package dev.vltava.producer.internal.config;

/** A provider parameter ({@code config.providers.<alias>.param.<name>}) has a value the provider cannot use. */
public final class ParamException extends ProviderException {

    private final String param;

    public ParamException(String param, String message) {
        super(message);
        this.param = param;
    }

    /** The parameter's name without the {@code config.providers.<alias>.param.} prefix. */
    public String param() {
        return param;
    }
}

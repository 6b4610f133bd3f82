package dev.vltava.producer.testkit;

/** The SASL mechanisms the secured brokers enable, with their Kafka names and the login modules Kafka names. */
public enum SaslMechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    OAUTHBEARER("OAUTHBEARER", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
        this.kafkaName = kafkaName;
        this.loginModule = loginModule;
    }

    /** The value of {@code sasl.mechanism}. */
    public String kafkaName() {
        return kafkaName;
    }

    /** The login module class named in {@code sasl.jaas.config} (a name in the JAAS line, not a class we load). */
    public String loginModule() {
        return loginModule;
    }

    /** True for the SCRAM mechanisms, whose users the storage tool creates. */
    public boolean isScram() {
        return this == SCRAM_SHA_256 || this == SCRAM_SHA_512;
    }
}

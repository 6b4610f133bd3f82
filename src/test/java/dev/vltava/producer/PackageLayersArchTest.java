package dev.vltava.producer;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import dev.vltava.producer.internal.VltavaProducer;
import dev.vltava.producer.internal.accumulate.AckListener;
import dev.vltava.producer.internal.accumulate.PendingRecord;
import dev.vltava.producer.internal.accumulate.PendingRecordSender;
import dev.vltava.producer.internal.config.BootstrapServers;
import dev.vltava.producer.internal.config.ConfigRules;
import dev.vltava.producer.internal.config.ConfigValues;
import dev.vltava.producer.internal.config.KnownKeys;
import dev.vltava.producer.internal.config.SecretKeys;
import dev.vltava.producer.internal.config.SettingDef;
import dev.vltava.producer.internal.config.Settings;
import dev.vltava.producer.internal.config.UnsupportedSettings;
import dev.vltava.producer.internal.config.Validator;
import dev.vltava.producer.internal.config.ValueParsers;
import org.junit.jupiter.api.Test;

/**
 * The package layers (see docs/DEVELOPMENT.md, "Package layers"), from the bottom:
 * <ol>
 *   <li>building blocks that know nothing of batching, sending or the public API: {@code protocol}, {@code record},
 *       {@code compress}, {@code memory}, {@code metadata}, {@code time}, {@code completion},
 *       {@code security.sasl} (the SASL mechanisms, used by the network);</li>
 *   <li>{@code idempotence} (the idempotent producer's rules), which reads batches only through its own
 *       {@code SequencedBatch} interface: below the accumulator, whose batch implements it;</li>
 *   <li>{@code network} (Kafka request/response over a transport) and, beside it, {@code accumulate} (batches,
 *       waiting records, futures); {@code metrics} is bound only by the root and cycle rules;</li>
 *   <li>{@code send}, the sender loop over all of them;</li>
 *   <li>{@code partition}: the partitioners and {@code Router}, which chooses a record's partition and appends it
 *       to the accumulator. It sits above {@code send} because {@code Router} implements {@code send.RecordRouter},
 *       the interface through which the sender routes records that waited for metadata (the sender defines what it
 *       needs; it never sees the router itself);</li>
 *   <li>the internal root package, which assembles the engine and implements {@code Producer};</li>
 *   <li>the public API ({@code dev.vltava.producer}), which enters the engine through one door, and the
 *       {@code compat} facade over the public API. Beside them, {@code config}: the config providers (which know
 *       nothing of the API) and the settings table with its parsing machinery, which produces the API's value types
 *       ({@code Acks}, {@code Password}, {@code ConfigException}, ...) and is used only by the API's configuration
 *       classes ({@code ProducerConfig} and its parts, {@code ConfigProviders}) while a configuration is built.</li>
 * </ol>
 * The rules below keep each of these from depending on a layer above it, and no packages may depend on each other
 * in a cycle.
 */
class PackageLayersArchTest {
    private static final String API = "dev.vltava.producer";
    private static final String COMPAT = "dev.vltava.producer.compat..";
    private static final String ENGINE_ROOT = "dev.vltava.producer.internal";
    private static final String ANY_ENGINE_SUBPACKAGE = "dev.vltava.producer.internal.*..";
    private static final String INTERNAL = "dev.vltava.producer.internal..";
    private static final String SEND = "dev.vltava.producer.internal.send..";
    private static final String ACCUMULATE = "dev.vltava.producer.internal.accumulate..";
    private static final String NETWORK = "dev.vltava.producer.internal.network..";
    private static final String CONFIG = "dev.vltava.producer.internal.config..";
    private static final String TLS_SETUP = "dev.vltava.producer.internal.security";
    private static final String IDEMPOTENCE = "dev.vltava.producer.internal.idempotence..";
    private static final String PARTITION = "dev.vltava.producer.internal.partition..";
    private static final String TRANSACTION = "dev.vltava.producer.internal.transaction..";
    private static final String[] BUILDING_BLOCKS = {
        "dev.vltava.producer.internal.protocol..",
        "dev.vltava.producer.internal.record..",
        "dev.vltava.producer.internal.compress..",
        "dev.vltava.producer.internal.memory..",
        "dev.vltava.producer.internal.metadata..",
        "dev.vltava.producer.internal.time..",
        "dev.vltava.producer.internal.completion..",
        "dev.vltava.producer.internal.security.sasl..",
    };

    /** The API classes that build a configuration, and so call the settings machinery of internal.config. */
    private static final Class<?>[] CONFIGURATION_CLASSES = {ProducerConfig.class, SecurityConfig.class,
        SslConfig.class, SaslConfig.class, ConfigProviders.class};
    /** The settings table and its parsers in internal.config (the rest of that package is the config providers). */
    private static final Class<?>[] SETTINGS_MACHINERY = {Settings.class, SettingDef.class, Validator.class,
        ConfigValues.class, ValueParsers.class, ConfigRules.class, KnownKeys.class, BootstrapServers.class,
        SecretKeys.class, UnsupportedSettings.class};

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(API);

    @Test
    void thePublicApiEntersTheEngineOnlyThroughVltavaProducerStart() {
        noClasses().that().resideInAPackage(API)
                .should().dependOnClassesThat(resideInAPackage(INTERNAL)
                        .and(not(equivalentTo(VltavaProducer.class))).and(not(resideInAPackage(CONFIG))))
                .because("the API defines what callers see; the engine stays swappable behind its one door")
                .check(PRODUCTION);
        noClasses().that().resideInAPackage(API).and().doNotHaveFullyQualifiedName(Plugins.class.getName())
                .and().doNotBelongToAnyOf(CONFIGURATION_CLASSES)
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .because("Plugins creates the plugins and is the only API class that starts the engine; "
                        + "the configuration classes parse settings through the table in internal.config")
                .check(PRODUCTION);
        noClasses().that().belongToAnyOf(CONFIGURATION_CLASSES)
                .should().dependOnClassesThat(resideInAPackage(INTERNAL).and(not(resideInAPackage(CONFIG))))
                .check(PRODUCTION);
    }

    @Test
    void theConfigProvidersKnowNothingOfTheApiOrTheEngine() {
        // The API resolves references through internal.config while it builds a ProducerConfig: the providers sit
        // beside the building blocks and must not reach back into the API or the engine.
        noClasses().that().resideInAPackage(CONFIG).and().doNotBelongToAnyOf(SETTINGS_MACHINERY)
                .should().dependOnClassesThat().resideInAnyPackage(API, COMPAT, ENGINE_ROOT, SEND, ACCUMULATE, NETWORK,
                        IDEMPOTENCE, PARTITION)
                .check(PRODUCTION);
    }

    @Test
    void theSettingsMachineryKnowsTheApiValueTypesButNothingOfTheEngineOrTheFacade() {
        // The table and its parsers produce the API's value types and throw its ConfigException (config -> API); the
        // API's configuration classes call them (API -> config): the one deliberate cycle besides the engine's door,
        // ignored in noPackagesDependOnEachOtherInACycle. Nothing else may join it.
        noClasses().that().belongToAnyOf(SETTINGS_MACHINERY)
                .should().dependOnClassesThat().resideInAnyPackage(COMPAT, ENGINE_ROOT, SEND, ACCUMULATE, NETWORK,
                        IDEMPOTENCE, PARTITION, TRANSACTION)
                .check(PRODUCTION);
        noClasses().that().resideInAPackage(CONFIG)
                .should().dependOnClassesThat().belongToAnyOf(Plugins.class, ProducerBuilder.class,
                        Producer.class)
                .check(PRODUCTION);
    }

    @Test
    void theCompatFacadeUsesTheEngineOnlyForItsPendingRecords() {
        // The facade adapts the public API and holds no producer logic. Its one reach into the engine is deliberate:
        // its future is the engine's record (PendingRecord, completed with an AckListener in hand; sent through
        // PendingRecordSender), so a record sent through the facade costs one future, not two (issue 16), and shares
        // the check that get()/join() on the completion thread would deadlock (issue 12, finding 8). Anything else it
        // needs belongs in the public API first.
        noClasses().that().resideInAPackage(COMPAT)
                .should().dependOnClassesThat(resideInAPackage(INTERNAL).and(not(belongToAnyOf(PendingRecord.class,
                        PendingRecordSender.class, AckListener.class))))
                .check(PRODUCTION);
    }

    @Test
    void noEnginePackageDependsOnTheEngineRoot() {
        // The root assembles the engine from its parts, so every part sits below it. A helper that the parts share
        // (Deadlines was one) goes into a leaf package such as internal.time, never into the root.
        noClasses().that().resideInAPackage(ANY_ENGINE_SUBPACKAGE)
                .should().dependOnClassesThat().resideInAPackage(ENGINE_ROOT)
                .check(PRODUCTION);
    }

    @Test
    void buildingBlocksKnowNothingOfSendingOrThePublicApi() {
        noClasses().that().resideInAnyPackage(BUILDING_BLOCKS)
                .should().dependOnClassesThat().resideInAnyPackage(SEND, ACCUMULATE, NETWORK, ENGINE_ROOT, API, COMPAT)
                .because("wire codecs, record batches, compression, memory, metadata, time and the completion thread are used"
                        + " by the layers"
                        + " above and must not know them (the batch writer takes RecordHeader, not the API's Header)")
                .check(PRODUCTION);
    }

    @Test
    void theNetworkKnowsNothingOfBatchesOrTheSenderLoop() {
        noClasses().that().resideInAPackage(NETWORK)
                .should().dependOnClassesThat().resideInAnyPackage(SEND, ACCUMULATE, ENGINE_ROOT, API, COMPAT)
                .because("the network moves requests and responses; the sender decides what they mean")
                .check(PRODUCTION);
    }

    @Test
    void theTlsSetupAndTheTransportKnowNothingOfEachOther() {
        // internal.security builds SSLContexts and engines from the ssl.* settings (API types); the transport drives
        // engines through its own TlsEngineFactory. Only the engine root joins the two. (Exact package: the SASL
        // mechanisms in internal.security.sasl are used by the network.)
        noClasses().that().resideInAPackage(TLS_SETUP)
                .should().dependOnClassesThat().resideInAnyPackage(SEND, ACCUMULATE, NETWORK, ENGINE_ROOT, COMPAT)
                .check(PRODUCTION);
        noClasses().that().resideInAPackage(NETWORK)
                .should().dependOnClassesThat().resideInAPackage(TLS_SETUP)
                .check(PRODUCTION);
    }

    @Test
    void theIdempotenceRulesKnowNeitherTheAccumulatorNorTheSenderNorTheNetwork() {
        noClasses().that().resideInAPackage(IDEMPOTENCE)
                .should().dependOnClassesThat().resideInAnyPackage(SEND, ACCUMULATE, NETWORK, ENGINE_ROOT, COMPAT)
                .because("the rules read a batch through SequencedBatch and decide; the accumulator keeps the batches"
                        + " and the sender acts on the decisions (the accumulator's batch uses the rules, so the"
                        + " reverse edge would close a cycle)")
                .check(PRODUCTION);
    }

    @Test
    void theSenderReachesTheRouterOnlyThroughRecordRouter() {
        noClasses().that().resideInAnyPackage(SEND, ACCUMULATE, NETWORK, IDEMPOTENCE)
                .should().dependOnClassesThat().resideInAPackage(PARTITION)
                .because("partition sits above the sender: Router implements send.RecordRouter, and the sender routes"
                        + " records that waited for metadata through that interface only")
                .check(PRODUCTION);
    }

    @Test
    void theTransactionManagerReachesTheSenderOnlyThroughTransactionHost() {
        noClasses().that().resideInAPackage(TRANSACTION)
                .should().dependOnClassesThat().resideInAnyPackage(SEND, PARTITION, ENGINE_ROOT, COMPAT)
                .because("the sender runs the transaction manager and implements its TransactionHost; the manager"
                        + " sees the sender's records only through that interface (the reverse edge is a cycle)")
                .check(PRODUCTION);
        noClasses().that().resideInAnyPackage(ACCUMULATE, NETWORK, IDEMPOTENCE)
                .should().dependOnClassesThat().resideInAPackage(TRANSACTION)
                .because("the accumulator asks the manager through its own PartitionGate interface")
                .check(PRODUCTION);
    }

    @Test
    void theAccumulatorSitsBelowTheSender() {
        noClasses().that().resideInAPackage(ACCUMULATE)
                .should().dependOnClassesThat().resideInAnyPackage(SEND, NETWORK)
                .because("application threads append through the accumulator; only the sender drives the network")
                .check(PRODUCTION);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        // Every package is a slice: the API, compat, the engine root and each engine subpackage. One edge is
        // left out, by design, and only that edge: the API defines the interfaces the engine implements (engine ->
        // API), and Plugins starts the engine through VltavaProducer.start (API -> engine root). Any other
        // edge that closes a loop fails here. No other cycle is known: the last ones (engine root <-> send and
        // engine root <-> accumulate, through Deadlines) went with Deadlines' move to internal.time. The second
        // ignored edge is the API -> internal.config one: the settings machinery builds the API's value types, and
        // which API classes may call it (the configuration classes only) is checked above.
        slices().assignedFrom(EACH_PACKAGE)
                .should().beFreeOfCycles()
                .ignoreDependency(Plugins.class, VltavaProducer.class)
                .ignoreDependency(resideInAPackage(API), resideInAPackage(CONFIG))
                .check(PRODUCTION);
    }

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package of " + API;
        }
    };
}

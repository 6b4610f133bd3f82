package dev.vltava.producer.internal.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a producer's metrics as MBeans on the platform MBean server, under the official client's object names, so
 * JMX dashboards and exporter rules written for it work unchanged: one MBean per group and tag set
 * ({@code kafka.producer:type=producer-metrics,client-id=C}, {@code ...type=producer-topic-metrics,client-id=C,topic=T},
 * {@code ...type=producer-node-metrics,client-id=C,node-id=node-N}, {@code ...type=app-info,client-id=C},
 * {@code ...type=kafka-metrics-count,client-id=C}) whose attributes are the metrics' names, plus
 * {@code kafka.producer:type=app-info,id=C} with {@code Version}, {@code CommitId} and {@code StartTimeMs}.
 *
 * <p>Two producers with the same {@code client.id}, as with the official client: the second one's metric MBeans
 * replace the first one's (the later registration wins), and its {@code app-info,id=C} MBean is not registered
 * (a warning is logged). Everything this exporter registered is unregistered on {@link #close()}.
 */
public final class JmxExporter implements MetricsListener {
    public static final String DOMAIN = "kafka.producer";
    private static final Logger LOG = LoggerFactory.getLogger(JmxExporter.class);
    /** Tag values made of these characters go into an object name as they are; others are quoted. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[\\w\\-%. \t]*");

    private final MBeanServer server;
    private final String clientId;
    private final Map<ObjectName, MetricsBean> beans = new ConcurrentHashMap<>();
    private ObjectName appInfoName;

    private JmxExporter(MBeanServer server, String clientId) {
        this.server = server;
        this.clientId = clientId;
    }

    /** Registers the registry's metrics and the app-info MBean, and follows metrics added later. */
    public static JmxExporter start(MetricsRegistry registry, String clientId, String version, String commitId,
            long startTimeMs) {
        JmxExporter exporter = new JmxExporter(ManagementFactory.getPlatformMBeanServer(), clientId);
        registry.addListener(exporter);
        for (RegisteredMetric m : registry.metrics()) {
            exporter.metricAdded(m);
        }
        exporter.registerAppInfo(version, commitId, startTimeMs);
        return exporter;
    }

    /** The object name of a metric's MBean: {@code kafka.producer:type=<group>,<tag>=<value>,...} in tag order. */
    public static ObjectName objectName(MetricKey key) {
        StringBuilder sb = new StringBuilder(DOMAIN).append(":type=").append(key.group());
        for (Map.Entry<String, String> t : key.tags().entrySet()) {
            if (!t.getKey().isEmpty() && !t.getValue().isEmpty()) {
                sb.append(',').append(t.getKey()).append('=').append(sanitize(t.getValue()));
            }
        }
        return name(sb.toString());
    }

    static String sanitize(String value) {
        return PLAIN_VALUE.matcher(value).matches() ? value : ObjectName.quote(value);
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid MBean name: " + text, e);
        }
    }

    @Override
    public synchronized void metricAdded(RegisteredMetric metric) {
        ObjectName on = objectName(metric.key());
        MetricsBean bean = beans.get(on);
        if (bean == null) {
            bean = new MetricsBean();
            bean.attributes.put(metric.key().name(), metric);
            beans.put(on, bean);
            register(on, bean);
        } else {
            bean.attributes.put(metric.key().name(), metric);
        }
    }

    @Override
    public synchronized void metricRemoved(RegisteredMetric metric) {
        ObjectName on = objectName(metric.key());
        MetricsBean bean = beans.get(on);
        if (bean == null) {
            return;
        }
        bean.attributes.remove(metric.key().name());
        if (bean.attributes.isEmpty()) {
            beans.remove(on);
            unregister(on, bean);
        }
    }

    /** Unregisters every MBean this exporter registered (and that another producer has not taken over since). */
    public synchronized void close() {
        for (Map.Entry<ObjectName, MetricsBean> e : new ArrayList<>(beans.entrySet())) {
            unregister(e.getKey(), e.getValue());
        }
        beans.clear();
        if (appInfoName != null) {
            try {
                server.unregisterMBean(appInfoName);
            } catch (JMException e) {
                LOG.warn("could not unregister the MBean {}", appInfoName, e);
            }
            appInfoName = null;
        }
    }

    private void register(ObjectName on, MetricsBean bean) {
        try {
            if (server.isRegistered(on)) {
                server.unregisterMBean(on); // a producer with the same client.id: the later one wins, as in Kafka
            }
            server.registerMBean(bean, on);
        } catch (JMException e) {
            LOG.warn("could not register the MBean {}", on, e);
        }
    }

    private void unregister(ObjectName on, MetricsBean bean) {
        try {
            // Only our own: another producer with the same client.id may have replaced it.
            if (server.isRegistered(on) && server.getAttribute(on, MetricsBean.OWNER_PROBE) == bean) {
                server.unregisterMBean(on);
            }
        } catch (JMException e) {
            LOG.warn("could not unregister the MBean {}", on, e);
        }
    }

    private void registerAppInfo(String version, String commitId, long startTimeMs) {
        ObjectName on = name(DOMAIN + ":type=app-info,id=" + sanitize(clientId));
        try {
            server.registerMBean(new AppInfo(version, commitId, startTimeMs), on);
            appInfoName = on;
        } catch (InstanceAlreadyExistsException e) {
            LOG.warn("Could not register the MBean {}: a producer with client.id={} is registered already. Give each "
                    + "producer its own client.id to see both in JMX.", on, clientId);
        } catch (JMException e) {
            LOG.warn("could not register the MBean {}", on, e);
        }
    }

    /** {@code kafka.producer:type=app-info,id=<client.id>}. */
    public interface AppInfoMBean {
        String getVersion();

        String getCommitId();

        Long getStartTimeMs();
    }

    static final class AppInfo implements AppInfoMBean {
        private final String version;
        private final String commitId;
        private final long startTimeMs;

        AppInfo(String version, String commitId, long startTimeMs) {
            this.version = version;
            this.commitId = commitId;
            this.startTimeMs = startTimeMs;
        }

        @Override
        public String getVersion() {
            return version;
        }

        @Override
        public String getCommitId() {
            return commitId;
        }

        @Override
        public Long getStartTimeMs() {
            return startTimeMs;
        }
    }

    /** One MBean: the metrics of one group and tag set, an attribute each, values read at each get. */
    static final class MetricsBean implements DynamicMBean {
        /** Not an attribute anyone sees: lets {@link #unregister} tell its own bean from a replacement. */
        static final String OWNER_PROBE = "\u0000owner";
        final Map<String, RegisteredMetric> attributes = new ConcurrentHashMap<>();

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            if (OWNER_PROBE.equals(attribute)) {
                return this;
            }
            RegisteredMetric m = attributes.get(attribute);
            if (m == null) {
                throw new AttributeNotFoundException("no attribute " + attribute);
            }
            return m.value();
        }

        @Override
        public AttributeList getAttributes(String[] names) {
            AttributeList list = new AttributeList();
            for (String n : names) {
                RegisteredMetric m = attributes.get(n);
                if (m != null) {
                    list.add(new Attribute(n, m.value()));
                }
            }
            return list;
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            List<MBeanAttributeInfo> infos = new ArrayList<>();
            for (Map.Entry<String, RegisteredMetric> e : attributes.entrySet()) {
                Object v = e.getValue().value();
                String type = v instanceof String ? String.class.getName() : double.class.getName();
                infos.add(new MBeanAttributeInfo(e.getKey(), type, e.getValue().key().description(), true, false,
                        false));
            }
            return new MBeanInfo(getClass().getName(), "Vltava producer metrics",
                    infos.toArray(new MBeanAttributeInfo[0]), null, null, null);
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException("metrics are read-only");
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            throw new UnsupportedOperationException("metrics are read-only");
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException("no operations");
        }
    }
}

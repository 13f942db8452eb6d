package dev.fedchat.server.api.rest;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: the server's metrics in Prometheus' text format (ARCHITECTURE.md §4).
 *
 * <p>Served without a login, on purpose: a Prometheus scraper has no Rocket.Chat session, and
 * Rocket.Chat's own exporter ({@code Prometheus_Enabled}) answered unauthenticated too. What it
 * shows is counts and ages per peer domain and JVM figures: no message, user or room, and the
 * peer domains are public in DNS already. An operator who does not want it public blocks
 * {@code /metrics} at the reverse proxy, as for any exporter.
 */
public final class MetricsRoutes {
    /** The text format {@link PrometheusMeterRegistry#scrape()} writes (version 0.0.4). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;

    /** @param beforeScrape brings gauges read from the database up to date (one query per scrape) */
    public MetricsRoutes(PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.registry = registry;
        this.beforeScrape = beforeScrape;
    }

    public void install(RoutesConfig routes) {
        routes.get("/metrics", ctx -> {
            beforeScrape.run();
            ctx.contentType(CONTENT_TYPE).result(registry.scrape());
        });
    }
}

package org.vae4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local[2] Spark context for all tests of the module (Surefire runs them in one JVM; a
 * context costs seconds to start and only one may be active per JVM).
 */
public final class LocalSpark {

    private static JavaSparkContext context;

    private LocalSpark() {
    }

    public static synchronized JavaSparkContext get() {
        if (context == null) {
            SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("vae-spark-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "localhost")
                    .set("spark.default.parallelism", "2");
            context = new JavaSparkContext(conf);
            Runtime.getRuntime().addShutdownHook(new Thread(context::stop, "stop-local-spark"));
        }
        return context;
    }
}

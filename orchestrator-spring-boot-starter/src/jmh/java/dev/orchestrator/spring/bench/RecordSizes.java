package dev.orchestrator.spring.bench;

import java.time.Duration;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Sizes (key + value) of the records in a topic: to check that a baseline's records are as large. */
final class RecordSizes {

    private RecordSizes() {}

    /** {@return the sizes of every record now in {@code topic}} */
    static IntSummaryStatistics of(String servers, String topic) {
        IntSummaryStatistics sizes = new IntSummaryStatistics();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                BenchKafka.consumer(servers), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, BenchKafka.PARTITIONS)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    int key = record.key() == null ? 0 : record.key().length;
                    int value = record.value() == null ? 0 : record.value().length;
                    sizes.accept(key + value);
                }
            }
        }
        return sizes;
    }

    /** {@return min/avg/max of the sizes, for a log line} */
    static String describe(IntSummaryStatistics sizes) {
        return String.format(
                "%d records, %d..%d B (avg %.0f B)",
                sizes.getCount(), sizes.getMin(), sizes.getMax(), sizes.getAverage());
    }
}

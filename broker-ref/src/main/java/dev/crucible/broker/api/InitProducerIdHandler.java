package dev.crucible.broker.api;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * InitProducerId for idempotent producers: a fresh producer id, epoch 0, every time (Kafka does the
 * same when there is no transactional id). A transactional id is refused: transactions are not built.
 * Ids come from a persistent allocator, so they are never reused across restarts; allocating may
 * write a file, so this runs on the admin executor.
 */
final class InitProducerIdHandler implements RequestHandler {
    private final BrokerContext broker;
    private final LongSupplier producerIds;

    InitProducerIdHandler(BrokerContext broker, LongSupplier producerIds) {
        this.broker = broker;
        this.producerIds = producerIds;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, Object message) {
        InitProducerIdRequestData request = (InitProducerIdRequestData) message;
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setProducerId(-1)
                .setProducerEpoch((short) -1));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new InitProducerIdResponseData().setProducerId(producerIds.getAsLong()).setProducerEpoch((short) 0);
            } catch (RuntimeException e) {
                return new InitProducerIdResponseData().setErrorCode(Errors.KAFKA_STORAGE_ERROR.code())
                    .setProducerId(-1).setProducerEpoch((short) -1);
            }
        }, broker.adminExecutor());
    }
}

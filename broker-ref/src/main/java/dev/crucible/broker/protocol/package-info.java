/**
 * The Kafka wire format, and the only package that encodes or decodes it (the build refuses
 * kafka-clients' codec classes elsewhere): a request frame parsed into header and body
 * ({@link dev.crucible.broker.protocol.ParsedRequest}; Produce and Fetch by hand in
 * {@link dev.crucible.broker.protocol.ProduceCodec} and {@link dev.crucible.broker.protocol.FetchCodec}), routed to the handler of its API
 * ({@link dev.crucible.broker.protocol.RequestDispatcher}), the response written as buffer slices
 * and file regions ({@link dev.crucible.broker.protocol.ResponseWriter}), and the API versions of the
 * Kafka release broker-ref speaks ({@link dev.crucible.broker.protocol.ApiVersionsTable}).
 * Below the network layer, above the handlers.
 */
package dev.crucible.broker.protocol;

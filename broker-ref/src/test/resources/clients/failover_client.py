"""One of Debian's python Kafka clients (kafka-python, or confluent-kafka on librdkafka) producing or
consuming one partition while its leader may die (ClientsAcrossFailoverTest). Output, one line each:
  produce BOOTSTRAP TOPIC COUNT SLEEP_S WINDOW
                                          'ack VALUE OFFSET' per delivered message, 'fail VALUE ERROR' per
                                          failed one; values m-0 .. m-(COUNT-1), SLEEP_S between sends,
                                          never more than WINDOW sent and not yet acknowledged or failed
  consume BOOTSTRAP TOPIC STOP_VALUE END  'OFFSET VALUE' from offset 0 until STOP_VALUE is read (or '-')
                                          and the offset END-1 (or '-'); exit 2 after 20 s with nothing new
"""
import sys
import threading
import time

client, mode, bootstrap, topic = sys.argv[1:5]
out_lock = threading.Lock()
settled = [0]


def say(line):
    with out_lock:
        sys.stdout.write(line + '\n')
        sys.stdout.flush()


def report(value, offset, error):
    say('ack %s %d' % (value, offset) if error is None else 'fail %s %s' % (value, error))
    with out_lock:
        settled[0] += 1


def kafka_python_producer():
    from kafka import KafkaProducer
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all', retries=1000, retry_backoff_ms=100,
                             max_in_flight_requests_per_connection=1, request_timeout_ms=10000, linger_ms=5,
                             reconnect_backoff_max_ms=500)

    def send(value):
        future = producer.send(topic, value.encode(), partition=0)
        future.add_callback(lambda md: report(value, md.offset, None))
        future.add_errback(lambda e: report(value, -1, repr(e)))

    def close():
        producer.flush(60)
        producer.close(10)
    return send, close, lambda: time.sleep(0.001)


def confluent_producer():
    from confluent_kafka import Producer
    producer = Producer({'bootstrap.servers': bootstrap, 'enable.idempotence': True, 'acks': 'all',
                         'message.timeout.ms': 60000, 'linger.ms': 5})

    def send(value):
        producer.produce(topic, value.encode(), partition=0,
                         on_delivery=lambda err, msg: report(msg.value().decode(), msg.offset(), err))
        producer.poll(0)

    def close():
        if producer.flush(60) != 0:
            say('fail flush left messages undelivered')
    return send, close, lambda: producer.poll(0.001)


def kafka_python_consumer():
    from kafka import KafkaConsumer, TopicPartition
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, reconnect_backoff_max_ms=500,
                             request_timeout_ms=10000)
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek(tp, 0)

    def poll():
        return [(m.offset, m.value.decode()) for batch in consumer.poll(200).values() for m in batch]
    return poll, consumer.close


def confluent_consumer():
    from confluent_kafka import Consumer, TopicPartition
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'failover-assigned', 'enable.auto.commit': False})
    consumer.assign([TopicPartition(topic, 0, 0)])

    def poll():
        m = consumer.poll(0.2)
        return [] if m is None or m.error() else [(m.offset(), m.value().decode())]
    return poll, consumer.close


def produce(count, pause, window):
    send, close, idle = (kafka_python_producer if client == 'kafka-python' else confluent_producer)()
    for i in range(count):
        while i - settled[0] >= window:
            idle()
        send('m-%d' % i)
        time.sleep(pause)
    close()


def consume(stop_value, end):
    poll, close = (kafka_python_consumer if client == 'kafka-python' else confluent_consumer)()
    seen_stop = stop_value == '-'
    last = -1
    idle_since = time.time()
    while not (seen_stop and (end == '-' or last >= int(end) - 1)):
        got = poll()
        if got:
            idle_since = time.time()
        elif time.time() - idle_since > 20:
            close()
            sys.exit(2)
        for offset, value in got:
            say('%d %s' % (offset, value))
            last = offset
            seen_stop = seen_stop or value == stop_value
    close()


if mode == 'produce':
    produce(int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]))
else:
    consume(sys.argv[5], sys.argv[6])

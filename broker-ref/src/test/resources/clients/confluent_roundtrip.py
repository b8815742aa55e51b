"""confluent-kafka (librdkafka, Debian's python3-confluent-kafka): idempotent zstd producer, then a group
consumer that commits, then a second consumer of the same group that must find nothing left."""
import json
import sys
import time

from confluent_kafka import Consumer, Producer

bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
acked = []
producer = Producer({'bootstrap.servers': bootstrap, 'enable.idempotence': True, 'compression.type': 'zstd'})
for i in range(count):
    producer.produce(topic, value=('v%d' % i).encode(),
                     on_delivery=lambda err, msg: acked.append(msg.offset() if err is None else str(err)))
producer.flush(30)

def consume(want, seconds):
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'auto.offset.reset': 'earliest',
                         'enable.auto.commit': False})
    consumer.subscribe([topic])
    got = []
    end = time.time() + seconds
    while len(got) < want and time.time() < end:
        m = consumer.poll(0.2)
        if m is None or m.error():
            continue
        got.append(m.value().decode())
    if got:
        consumer.commit(asynchronous=False)
    consumer.close()
    return got

first = consume(count, 30)
second = consume(1, 4)
print(json.dumps({'offsets': acked, 'first': first, 'second': second}))

"""kafka-python (Debian's python3-kafka) against a broker: produce N values, consume them in a group,
commit, then a second consumer of the same group must find nothing left. Prints one JSON object."""
import json
import sys

from kafka import KafkaConsumer, KafkaProducer

bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all', compression_type='gzip')
offsets = [producer.send(topic, ('v%d' % i).encode()).get(timeout=30).offset for i in range(count)]
producer.close()

def consume(timeout_ms):
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset='earliest',
                             enable_auto_commit=False, consumer_timeout_ms=timeout_ms)
    got = [m.value.decode() for m in consumer]
    consumer.commit()
    consumer.close()
    return got

first = consume(8000)
second = consume(3000)
print(json.dumps({'offsets': offsets, 'first': first, 'second': second}))

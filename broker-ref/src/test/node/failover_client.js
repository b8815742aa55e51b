// KafkaJS producing or consuming one partition while its leader may die (ClientsAcrossFailoverTest).
// Same arguments and output lines as ../resources/clients/failover_client.py, except that the consumer
// is a group member (KafkaJS has no assign), GROUP its group id:
//   produce BOOTSTRAP TOPIC COUNT SLEEP_S WINDOW  'ack VALUE OFFSET' per delivered message (a send awaited before the next)
//   consume BOOTSTRAP TOPIC STOP_VALUE END GROUP  'OFFSET VALUE' until STOP_VALUE (or '-') and offset END-1 (or '-')
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const [mode, bootstrap, topic] = process.argv.slice(2, 5);
const kafka = new Kafka({
  clientId: 'crucible-failover',
  brokers: bootstrap.split(','),
  logLevel: logLevel.WARN,
  // to standard error with the time, for a failure's reader (standard output is the messages)
  logCreator: () => ({ label, log }) => process.stderr.write(new Date().toISOString() + ' ' + label + ' '
    + log.message + (log.error ? ': ' + log.error : '') + '\n'),
  connectionTimeout: 3000,
  requestTimeout: 10000,
  retry: { retries: 40, initialRetryTime: 100, maxRetryTime: 1000 },
});
// a send waits for its acknowledgement (acks=all) before the next: batches big enough to keep the pace
const BATCH = 25;

function say(line) {
  process.stdout.write(line + '\n');
}

async function produce(count, pauseSeconds) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < count; i += BATCH) {
    const values = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) {
      values.push('m-' + j);
    }
    const started = Date.now();
    const [result] = await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value, partition: 0 })) });
    const base = BigInt(result.baseOffset);
    values.forEach((value, k) => say('ack ' + value + ' ' + (base + BigInt(k))));
    const wait = pauseSeconds * 1000 * values.length - (Date.now() - started);
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  await producer.disconnect();
}

async function consume(stopValue, end, group) {
  // maxWaitTimeInMs: KafkaJS restarts its fetchers after a broker's death only once every fetch in
  // flight has returned, up to that long (5 s by default)
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 1000, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seenStop = stopValue === '-';
  let last = -1n;
  let idleSince = Date.now();
  await new Promise((resolve, reject) => {
    const idle = setInterval(() => {
      if (Date.now() - idleSince > 20000) {
        clearInterval(idle);
        reject(new Error('nothing new for 20 s'));
      }
    }, 500);
    const done = () => seenStop && (end === '-' || last >= BigInt(end) - 1n);
    consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        if (done()) {
          return;
        }
        idleSince = Date.now();
        const value = message.value.toString();
        say(message.offset + ' ' + value);
        last = BigInt(message.offset);
        seenStop = seenStop || value === stopValue;
        if (done()) {
          clearInterval(idle);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
}

const run = mode === 'produce'
  ? produce(Number(process.argv[5]), Number(process.argv[6]))
  : consume(process.argv[5], process.argv[6], process.argv[7]);
run.then(() => process.exit(0), (e) => {
  process.stderr.write('failed: ' + (e && e.stack || e) + '\n');
  process.exit(2);
});

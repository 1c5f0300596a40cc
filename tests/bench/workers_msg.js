// Worker messages with Node promises: like workers_msg.int, each call runs two async
// functions `a` and `b` joined by two one-slot channels (a promise the receiver awaits,
// resolved by the sender); `a` sends i, `b` sends 2 * i back, and the caller awaits `a`.
// n calls (default 500,000) pass 2n messages.
function channel() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { send: (v) => resolve(v), receive: () => promise };
}

async function pair(i) {
  const ab = channel();
  const ba = channel();
  const a = (async () => {
    ab.send(i);
    return await ba.receive();
  })();
  const b = (async () => {
    const v = await ab.receive();
    ba.send(v * 2);
  })();
  const result = await a;
  await b;
  return result;
}

async function main() {
  const n = process.argv.length > 2 ? Number(process.argv[2]) : 500000;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += await pair(i);
  }
  console.log(2 * n, sum);
}

main();

// Memory per parked async function: n calls (default 100,000) each awaiting a one-second
// timer; peak RSS over a run with n = 0, divided by n.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function nap(i) {
  await sleep(1000);
  return i % 7;
}

async function main() {
  const n = process.argv.length > 2 ? Number(process.argv[2]) : 100000;
  const futures = [];
  for (let i = 0; i < n; i++) {
    futures.push(nap(i));
  }
  let sum = 0;
  for (const f of futures) {
    sum += await f;
  }
  console.log(sum);
}

main();

// Spawning and awaiting promises: n calls (default 1,000,000) of a small async function,
// the promises kept in an array, then `await` on each and the sum. The body yields once
// (`await null`) so that, like a started strand, it finishes from the job queue rather than
// inside the call.
async function work(i) {
  await null;
  return i % 7;
}

async function main() {
  const n = process.argv.length > 2 ? Number(process.argv[2]) : 1000000;
  const futures = [];
  for (let i = 0; i < n; i++) {
    futures.push(work(i));
  }
  let sum = 0;
  for (const f of futures) {
    sum += await f;
  }
  console.log(sum);
}

main();

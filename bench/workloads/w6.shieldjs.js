// W6 timer order: N setTimeout(0) then N setTimeout(1); count inversions
// (pairs of callbacks that ran in the opposite order of (delay, scheduling)).
const N = Number(process.argv[2]);

function inversions(a) { // merge sort count, O(n log n)
  let tmp = new Int32Array(a.length), count = 0;
  for (let w = 1; w < a.length; w *= 2) {
    for (let lo = 0; lo < a.length; lo += 2 * w) {
      const mid = Math.min(lo + w, a.length), hi = Math.min(lo + 2 * w, a.length);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (a[i] <= a[j]) tmp[k++] = a[i++];
        else { count += mid - i; tmp[k++] = a[j++]; }
      }
      while (i < mid) tmp[k++] = a[i++];
      while (j < hi) tmp[k++] = a[j++];
    }
    [a, tmp] = [tmp, a];
  }
  return count;
}

const order = new Int32Array(2 * N);
let k = 0;
const t0 = now();
await new Promise((resolve) => {
  const ran = (id) => { order[k++] = id; if (k === 2 * N) resolve(); };
  for (let i = 0; i < N; i++) setTimeout(ran, 0, i);
  for (let i = 0; i < N; i++) setTimeout(ran, 1, N + i);
});
const ms = now() - t0;
const inv = inversions(order);
console.log(JSON.stringify({ ms, inversions: inv, ok: k === 2 * N }));

/**
 * Rearranges `a[left..right]` so that `a[k]` holds the value it would have if that range were
 * sorted, smaller-or-equal values before it and larger-or-equal after: Floyd and Rivest's selection
 * (CACM 18(3), 1975, algorithm 489), expected about n + min(k, n - k) comparisons, against ~2n and
 * more for Hoare's selection with a median-of-three pivot. The gain is largest for the high
 * percentiles a latency summary asks for (p99 first): a sample of the range brackets the k-th
 * value, so one pass splits off all but a thin slice around it.
 *
 * Why our own and not d3's `quickselect` (the same algorithm): d3's is generic over a comparator
 * function, and on the 1.6 M latencies of a long run it was slower than sorting (measured,
 * bench/README.md); this one works on a Float64Array with plain `<`. Latencies are never NaN.
 */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    if (right - left > 600) {
      // Recurse on a sample around k's expected place, so the pivot below lands next to k.
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const sampleLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const sampleRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectInPlace(a, k, sampleLeft, sampleRight);
    }
    // Partition around t = a[k], keeping t at an end of the range and moving it into place after.
    const t = a[k];
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right] > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i] < t) i++;
      while (a[j] > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

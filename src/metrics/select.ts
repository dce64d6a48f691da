/**
 * Rearranges `a[left..right]` so that `a[k]` holds the value it would have if that range were
 * sorted, smaller-or-equal values before it and larger-or-equal after (Hoare's selection with a
 * median-of-three pivot). Expected O(n).
 *
 * Why our own and not d3's `quickselect`: d3's is generic over a comparator function, and on the
 * 1.6 M latencies of a long run it was slower than sorting (measured, bench/README.md); this one
 * works on a Float64Array with plain `<`, about 15x faster than sorting there.
 */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    const mid = (left + right) >> 1;
    // Median of three as pivot: sorted data and runs of equal values stay O(n).
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

// Boundary handling shared by Tessera's kernels: where a filter reads index i of an
// axis of length n, it reads boundary_map(i, n, mode) instead; -1 means the
// constant 0. Modes use the numbering of org.tessera.core.Boundary.
// Modes:
// 0 reflect (dcba|abcd), 1 mirror (dcb|abcd), 2 nearest (aaa|abcd),
// 3 wrap (abcd|abcd), 4 constant zero.

inline int boundary_map(int i, int n, int mode) {
  if (i >= 0 && i < n) return i;
  if (mode == 2) return i < 0 ? 0 : n - 1;
  if (mode == 3) { int m = i % n; return m < 0 ? m + n : m; }
  if (mode == 0) {
    int p = 2 * n; int m = i % p; if (m < 0) m += p;
    return m < n ? m : p - 1 - m;
  }
  if (mode == 1) {
    if (n == 1) return 0;
    int p = 2 * n - 2; int m = i % p; if (m < 0) m += p;
    return m < n ? m : p - m;
  }
  return -1;
}


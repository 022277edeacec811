// Per-label sums on the device, in integer arithmetic only, so that the result
// does not depend on the order of the work-items (see LabelStatistics).
// stats holds FIELDS ints per label value (layout in GpuLabelStatistics.java):
// count, 64-bit sums as (low, high) words of the fixed-point intensities and of
// x, y and z, order keys of the smallest and largest value, and the bounding box
// (inclusive). 64-bit sums use two 32-bit atomics, so no int64 atomics extension
// is needed.

#define FIELDS 17
#define COUNT 0
#define SUM 1
#define SUM_X 3
#define SUM_Y 5
#define SUM_Z 7
#define MIN_KEY 9
#define MAX_KEY 10
#define LOW 11
#define HIGH 14

__kernel void init_stats(__global int* stats, const int n)
{
  const int l = get_global_id(0);
  if (l >= n) return;
  __global int* s = stats + (long) l * FIELDS;
  for (int f = 0; f < MIN_KEY; f++) s[f] = 0;
  s[MIN_KEY] = INT_MAX;
  s[MAX_KEY] = INT_MIN;
  for (int d = 0; d < 3; d++) {
    s[LOW + d] = INT_MAX;
    s[HIGH + d] = INT_MIN;
  }
}

// Adds a signed 64-bit value to the (low, high) words at p. The low word's old
// value tells whether the addition carried; the high word gets the high half
// plus the carry. The words are exact once every work-item has finished.
inline void atomic_add_long(volatile __global int* p, const long v)
{
  const ulong u = (ulong) v;
  const uint lo = (uint) u, hi = (uint) (u >> 32);
  volatile __global uint* w = (volatile __global uint*) p;
  const uint old = atomic_add(w, lo);
  const uint carry = (uint) (old + lo < old);
  if (hi + carry != 0u) atomic_add(w + 1, hi + carry);
}

// An int that orders floats as they compare (-0 below +0), from the bits alone.
inline int order_key(const float v)
{
  const int bits = as_int(v);
  return bits >= 0 ? bits : bits ^ 0x7fffffff;
}

// Adds the run x0..x1 (inclusive) of one label in row (y, z).
inline void flush(__global int* stats, const int label, const int x0, const int x1, const int y, const int z, const long sum,
                  const int kmin, const int kmax)
{
  volatile __global int* s = stats + (long) label * FIELDS;
  const int n = x1 - x0 + 1;
  atomic_add(s + COUNT, n);
  atomic_add_long(s + SUM, sum);
  atomic_add_long(s + SUM_X, (long) (x0 + x1) * n / 2);
  atomic_add_long(s + SUM_Y, (long) y * n);
  atomic_add_long(s + SUM_Z, (long) z * n);
  atomic_min(s + MIN_KEY, kmin);
  atomic_max(s + MAX_KEY, kmax);
  atomic_min(s + LOW, x0);
  atomic_max(s + HIGH, x1);
  atomic_min(s + LOW + 1, y);
  atomic_max(s + HIGH + 1, y);
  atomic_min(s + LOW + 2, z);
  atomic_max(s + HIGH + 2, z);
}

// One work-item per row (y, z): runs of equal labels are summed locally and
// added to the label's fields when the label changes. Each value adds
// rint(v * 2^scale_exp) (exact scaling, round half to even) to the sum.
// One work-item per row of a slab of consecutive rows (row0 .. row0 + count - 1
// of the volume, row = y + ny * z); values and labels hold just the slab, so a
// volume larger than the device goes through slab by slab into the same stats.
__kernel void row_stats(__global const float* values, __global const int* labels, const int nx, const int ny,
                        const int row0, const int count, const int scale_exp, __global int* stats)
{
  const int k = get_global_id(0);
  if (k >= count) return;
  const int y = (row0 + k) % ny, z = (row0 + k) / ny;
  const long row = (long) k * nx;
  int label = 0, x0 = 0, kmin = INT_MAX, kmax = INT_MIN;
  long sum = 0;
  for (int x = 0; x < nx; x++) {
    const int l = labels[row + x];
    if (l != label) {
      if (label != 0) flush(stats, label, x0, x - 1, y, z, sum, kmin, kmax);
      label = l;
      x0 = x;
      sum = 0;
      kmin = INT_MAX;
      kmax = INT_MIN;
    }
    if (l == 0) continue;
    const float v = values[row + x];
    sum += (long) rint(ldexp(v, scale_exp));
    const int k = order_key(v);
    kmin = min(kmin, k);
    kmax = max(kmax, k);
  }
  if (label != 0) flush(stats, label, x0, nx - 1, y, z, sum, kmin, kmax);
}
